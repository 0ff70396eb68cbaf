import Billing
import Foundation
import TerminalUI

/// Edit name, company, billing country and VAT id (R24).
public struct ProfileForm: Popup, Hashable {
  public enum Field: FormField { case name, company, country, vatID }

  public var original: BillingProfile
  public var form: Form<Field>

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

  public func helpRows(in context: PopupContext) -> [HelpRow] { form.bindings.helpRows() }

  public var hasInput: Bool { isDirty }

  public mutating func paste(_ text: String, in context: PopupContext) -> Bool {
    guard let snapshot = context.snapshot, form.paste(text) else { return false }
    noteCountry(snapshot: snapshot)
    return true
  }

  public mutating func handle(_ key: Key, in context: PopupContext) -> PopupResult {
    guard let snapshot = context.snapshot else { return .stay }
    return handle(key, snapshot: snapshot)
  }

  var isDirty: Bool {
    form.text(.name) != original.name || form.text(.company) != original.company
      || form.text(.country) != original.country || form.text(.vatID) != (original.vatID ?? "")
  }

  mutating func handle(_ key: Key, snapshot: Snapshot) -> PopupResult {
    switch form.handle(key) {
    case .edited:
      noteCountry(snapshot: snapshot)
      return .stay
    case .dismissed, .pressed(.cancel): return .close
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
      return .close([.effect(.saveProfile(profile))])
    default: return .stay
    }
  }

  /// Says which country (and so which VAT) the typed code or name stands for.
  mutating func noteCountry(snapshot: Snapshot) {
    form.setNote(
      .country, snapshot.taxRates.country(matching: form.text(.country)).map { "\($0.name) (\($0.code))" }
    )
  }

  public func render(into canvas: inout Canvas, area: Rect, context: PopupContext) {
    let glyphs = context.glyphs
    let box = area.centered(width: min(64, area.width - 2), height: 14)
    canvas.popup(box, title: "Edit profile", glyphs: glyphs)
    form.render(into: &canvas, x: box.x + 3, y: box.y + 2, width: box.width - 6, labelWidth: 15)
    canvas.put("Tab next · Enter on Save · Esc close", x: box.x + 3, y: box.maxY - 2, style: .muted)
  }
}

/// Change the password, with the current one (R24).
public struct PasswordForm: Popup, Hashable {
  public enum Field: FormField { case current, new, repeated }

  public var form = Form<Field>(
    fields: [
      (.current, TextField("Current password", secret: true)),
      (.new, TextField("New password", secret: true)),
      (.repeated, TextField("Repeat new", secret: true)),
    ], submit: "Change password")

  public init() {}

  public func helpRows(in context: PopupContext) -> [HelpRow] { form.bindings.helpRows() }

  public var hasInput: Bool { form.hasInput }

  public mutating func paste(_ text: String, in context: PopupContext) -> Bool { form.paste(text) }

  public mutating func handle(_ key: Key, in context: PopupContext) -> PopupResult {
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
      return .close([.effect(.changePassword(current: form.text(.current), new: form.text(.new)))])
    default: return .stay
    }
  }

  public func render(into canvas: inout Canvas, area: Rect, context: PopupContext) {
    let glyphs = context.glyphs
    let box = area.centered(width: min(64, area.width - 2), height: 13)
    canvas.popup(box, title: "Change password", glyphs: glyphs)
    canvas.put(PasswordRules.summary, x: box.x + 3, y: box.y + 2, style: .muted, maxX: box.maxX - 2)
    form.render(into: &canvas, x: box.x + 3, y: box.y + 4, width: box.width - 6, labelWidth: 18)
  }
}
