import Billing
import Foundation
import Services

/// Edit name, company, billing country and VAT id (R24).
public struct ProfileForm: Hashable, Sendable {
  public var original: BillingProfile
  public var form: Form

  init(profile: BillingProfile) {
    original = profile
    form = Form(
      fields: [
        TextField("Name", text: profile.name),
        TextField("Company", text: profile.company),
        TextField("Country", text: profile.country, placeholder: "code or name: NL, Germany", maxLength: 40),
        TextField("VAT id", text: profile.vatID ?? "", placeholder: "EU businesses only", maxLength: 20),
      ], buttons: ["Save", "Cancel"])
  }

  var isDirty: Bool {
    form.text("Name") != original.name || form.text("Company") != original.company
      || form.text("Country") != original.country || form.text("VAT id") != (original.vatID ?? "")
  }

  mutating func handle(_ key: Key, snapshot: Snapshot) -> (close: Bool, effects: [Effect]) {
    switch form.handle(key) {
    case .edited:
      noteCountry(snapshot: snapshot)
      return (false, [])
    case .dismissed, .pressed(1): return (true, [])
    case .pressed(0):
      form.clearErrors()
      let typed = form.text("Country").trimmingCharacters(in: .whitespaces)
      guard let country = snapshot.taxRates.country(matching: typed)?.code else {
        form.setError(
          "Country", "Unknown country \"\(typed)\": type its code (NL, DE, US) or its name (Germany).")
        form.focus(on: "Country")
        return (false, [])
      }
      let vat = form.text("VAT id").trimmingCharacters(in: .whitespaces).uppercased()
      if !vat.isEmpty && !(vat.count >= 4 && vat.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }) {
        form.setError("VAT id", "A VAT id is letters and digits, e.g. DE123456789.")
        form.focus(on: "VAT id")
        return (false, [])
      }
      var profile = original
      profile.name = form.text("Name").trimmingCharacters(in: .whitespaces)
      profile.company = form.text("Company").trimmingCharacters(in: .whitespaces)
      profile.country = country
      profile.vatID = vat.isEmpty ? nil : vat
      return (true, [.saveProfile(profile)])
    default: return (false, [])
    }
  }

  /// Says which country (and so which VAT) the typed code or name stands for.
  mutating func noteCountry(snapshot: Snapshot) {
    form.setNote(
      "Country", snapshot.taxRates.country(matching: form.text("Country")).map { "\($0.name) (\($0.code))" }
    )
  }

  func render(into canvas: inout Canvas, area: Rect, glyphs: Glyphs) {
    let box = area.centered(width: min(64, area.width - 2), height: 14)
    canvas.popup(box, title: "Edit profile", glyphs: glyphs)
    form.render(into: &canvas, x: box.x + 3, y: box.y + 2, width: box.width - 6, labelWidth: 15)
    canvas.put("Tab next · Enter on Save · Esc close", x: box.x + 3, y: box.maxY - 2, style: .muted)
  }
}

/// Change the password, with the current one (R24).
public struct PasswordForm: Hashable, Sendable {
  public var form = Form(
    fields: [
      TextField("Current password", secret: true), TextField("New password", secret: true),
      TextField("Repeat new", secret: true),
    ], buttons: ["Change password", "Cancel"])

  mutating func handle(_ key: Key) -> (close: Bool, effects: [Effect]) {
    switch form.handle(key) {
    case .dismissed, .pressed(1): return (true, [])
    case .pressed(0):
      form.clearErrors()
      if form.text("Current password").isEmpty {
        form.setError("Current password", "Enter your current password.")
        form.focus(on: "Current password")
        return (false, [])
      }
      if let problem = PasswordRules.problem(with: form.text("New password")) {
        form.setError("New password", problem)
        form.focus(on: "New password")
        return (false, [])
      }
      if form.text("Repeat new") != form.text("New password") {
        form.setError("Repeat new", "The two passwords differ.")
        form.focus(on: "Repeat new")
        return (false, [])
      }
      return (true, [.changePassword(current: form.text("Current password"), new: form.text("New password"))])
    default: return (false, [])
    }
  }

  func render(into canvas: inout Canvas, area: Rect, glyphs: Glyphs) {
    let box = area.centered(width: min(64, area.width - 2), height: 13)
    canvas.popup(box, title: "Change password", glyphs: glyphs)
    canvas.put(PasswordRules.summary, x: box.x + 3, y: box.y + 2, style: .muted, maxX: box.maxX - 2)
    form.render(into: &canvas, x: box.x + 3, y: box.y + 4, width: box.width - 6, labelWidth: 18)
  }
}
