import Billing
import Foundation
import TerminalUI

/// Edit name, company, billing country and VAT id (R24).
public struct ProfileForm: ScrollingPopup, Hashable {
  public enum Field: FormField { case name, company, country, vatID }

  public var original: BillingProfile
  public var form: Form<Field>
  public var scroll = 0
  public var submission = Submission()
  /// Esc (or Cancel) with edits asks before dropping them.
  public var confirmingDiscard = false

  static let discardBindings = ConfirmAction.bindings(
    confirm: "Discard the changes", confirmLabel: "discard", keep: "Keep editing", keepLabel: "keep editing")

  public mutating func receive(_ event: AppEvent, in context: PopupContext) -> PopupResult? {
    submission.receive(event) { _ in false }
  }

  init(profile: BillingProfile) {
    original = profile
    form = Form(
      fields: [
        (.name, TextField("Name", text: profile.name)),
        (.company, TextField("Company", text: profile.company)),
        (
          .country,
          TextField("Country", text: profile.country, placeholder: "code or name: NL, Germany", maxLength: 40)
        ),
        (
          .vatID,
          TextField("VAT id", text: profile.vatID ?? "", placeholder: "EU businesses only", maxLength: 20)
        ),
      ], submit: "Save")
  }

  public func helpRows(in context: PopupContext) -> [HelpRow] {
    confirmingDiscard ? Self.discardBindings.helpRows() : scrollRows(in: context) + form.bindings.helpRows()
  }

  public var hasInput: Bool { isDirty }

  public mutating func paste(_ text: String, in context: PopupContext) -> Bool {
    guard let snapshot = context.snapshot, form.paste(text) else { return false }
    noteCountry(snapshot: snapshot)
    return true
  }

  public mutating func handle(_ key: Key, in context: PopupContext) -> PopupResult {
    guard let snapshot = context.snapshot else { return .stay }
    if scrolls(by: key, in: context) { return .stay }
    return handle(key, snapshot: snapshot)
  }

  var isDirty: Bool {
    form.text(.name) != original.name || form.text(.company) != original.company
      || form.text(.country) != original.country || form.text(.vatID) != (original.vatID ?? "")
  }

  mutating func handle(_ key: Key, snapshot: Snapshot) -> PopupResult {
    if confirmingDiscard {
      switch Self.discardBindings.action(for: key) {
      case .confirm?: return .close
      case .keep?:
        confirmingDiscard = false
        return .stay
      default: return .stay
      }
    }
    switch form.handle(key) {
    case .edited:
      noteCountry(snapshot: snapshot)
      return .stay
    case .dismissed, .pressed(.cancel):
      guard isDirty else { return .close }
      confirmingDiscard = true
      return .stay
    case .pressed(.submit):
      form.clearErrors()
      let typed = form.text(.country).trimmingCharacters(in: .whitespaces)
      guard let country = snapshot.taxRates.country(matching: typed)?.code else {
        form.setError(
          .country, "Unknown country \"\(typed)\": type its code (NL, DE, US) or its name (Germany).")
        form.focus(on: .country)
        return .stay
      }
      let vat = form.text(.vatID).trimmingCharacters(in: .whitespaces).uppercased()
      if !vat.isEmpty && !(vat.count >= 4 && vat.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }) {
        form.setError(.vatID, "A VAT id is letters and digits, e.g. DE123456789.")
        form.focus(on: .vatID)
        return .stay
      }
      var profile = original
      profile.name = form.text(.name).trimmingCharacters(in: .whitespaces)
      profile.company = form.text(.company).trimmingCharacters(in: .whitespaces)
      profile.country = country
      profile.vatID = vat.isEmpty ? nil : vat
      return submission.send(.saveProfile(profile))
    default: return .stay
    }
  }

  /// Says which country (and so which VAT) the typed code or name stands for.
  mutating func noteCountry(snapshot: Snapshot) {
    form.setNote(
      .country, snapshot.taxRates.country(matching: form.text(.country)).map { "\($0.name) (\($0.code))" }
    )
  }

  public func body(in context: PopupContext) -> PopupBody {
    PopupBody(
      title: "Edit profile", width: 64,
      footer: confirmingDiscard ? Self.discardBindings.hintLine() : "Tab next · Enter on Save · Esc close",
      scroll: scroll
    ) {
      canvas, width in
      var top = submission.render(into: &canvas, y: 0, width: width)
      if confirmingDiscard {
        top = canvas.paragraph(
          "Discard your changes to the profile? y discards them, n goes back to the form.", x: 0, y: 0,
          width: width, style: .warning)
      }
      let (rows, focusRow) = form.drawn(
        into: &canvas, x: 0, y: top == 0 ? 0 : top + 1, width: width, labelWidth: 15)
      return PopupBody.Drawn(rows: rows, focusRow: focusRow)
    }
  }
}

/// Change the password, with the current one (R24).
public struct PasswordForm: ScrollingPopup, Hashable {
  public enum Field: FormField { case current, new, repeated }

  public var form = Form<Field>(
    fields: [
      (.current, TextField("Current password", secret: true)),
      (.new, TextField("New password", secret: true)),
      (.repeated, TextField("Repeat new", secret: true)),
    ], submit: "Change password")
  public var scroll = 0
  public var submission = Submission()

  /// A wrong current password goes on its field.
  public mutating func receive(_ event: AppEvent, in context: PopupContext) -> PopupResult? {
    var form = self.form
    let result = submission.receive(event) { failure in
      guard failure.kind == .field(.currentPassword) else { return false }
      form.setError(.current, failure.message)
      form.focus(on: .current)
      return true
    }
    self.form = form
    return result
  }

  public init() {}

  public func helpRows(in context: PopupContext) -> [HelpRow] {
    scrollRows(in: context) + form.bindings.helpRows()
  }

  public var hasInput: Bool { form.hasInput }

  public mutating func paste(_ text: String, in context: PopupContext) -> Bool { form.paste(text) }

  public mutating func handle(_ key: Key, in context: PopupContext) -> PopupResult {
    if scrolls(by: key, in: context) { return .stay }
    switch form.handle(key) {
    case .dismissed, .pressed(.cancel): return .close
    case .pressed(.submit):
      form.clearErrors()
      if form.text(.current).isEmpty {
        form.setError(.current, "Enter your current password.")
        form.focus(on: .current)
        return .stay
      }
      if let problem = PasswordRules.problem(with: form.text(.new)) {
        form.setError(.new, problem)
        form.focus(on: .new)
        return .stay
      }
      if form.text(.repeated) != form.text(.new) {
        form.setError(.repeated, "The two passwords differ.")
        form.focus(on: .repeated)
        return .stay
      }
      return submission.send(.changePassword(current: form.text(.current), new: form.text(.new)))
    default: return .stay
    }
  }

  public func body(in context: PopupContext) -> PopupBody {
    PopupBody(title: "Change password", width: 64, footer: nil, scroll: scroll) { canvas, width in
      var rows = canvas.paragraph(PasswordRules.summary, x: 0, y: 0, width: width, style: .muted)
      let refusal = submission.render(into: &canvas, y: rows + 1, width: width)
      if refusal > 0 { rows += refusal + 1 }
      let (next, focusRow) = form.drawn(into: &canvas, x: 0, y: rows + 1, width: width, labelWidth: 18)
      return PopupBody.Drawn(rows: next, focusRow: focusRow)
    }
  }
}
