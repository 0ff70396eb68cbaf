import Billing
import Foundation
import TerminalUI

/// Add a proxy user, change its password, or set its limit (R25).
public struct ProxyUserForm: Popup, Hashable {
  public enum Purpose: Hashable, Sendable {
    case add
    case password(id: String, name: String)
    case limit(id: String, name: String)
  }

  public enum Field: FormField { case name, password, limit }

  public var purpose: Purpose
  public var form: Form<Field>
  public var products: [String]

  public init(purpose: Purpose, products: [String], currentLimit: String = "") {
    self.purpose = purpose
    self.products = products
    switch purpose {
    case .add:
      form = Form(
        choices: products.count > 1 ? products : [],
        fields: [
          (.name, TextField("Name", placeholder: "letters, digits, -, _ and .", maxLength: 32)),
          (.password, TextField("Password", secret: true, maxLength: 64)),
          (.limit, TextField("Limit (GB)", placeholder: "optional", maxLength: 6)),
        ], submit: "Add")
    case .password:
      form = Form(
        fields: [(.password, TextField("New password", secret: true, maxLength: 64))], submit: "Save")
    case .limit:
      form = Form(
        fields: [
          (.limit, TextField("Limit (GB)", text: currentLimit, placeholder: "empty: no limit", maxLength: 6))
        ],
        submit: "Save")
    }
  }

  public var hasInput: Bool { form.hasInput }

  public func helpRows(in context: PopupContext) -> [HelpRow] { form.bindings.helpRows() }

  public mutating func paste(_ text: String, in context: PopupContext) -> Bool { form.paste(text) }

  /// Checks what can be checked before the service does.
  public mutating func handle(_ key: Key, in context: PopupContext) -> PopupResult {
    switch form.handle(key) {
    case .dismissed, .pressed(.cancel): return .close
    case .pressed(.submit):
      // Every field with a problem gets its message at once, in the form's order; the
      // focus goes to the first.
      form.clearErrors()
      var problems: [(field: ProxyUserForm.Field, message: String)] = []
      var limit: Traffic?
      let limitText = form.text(.limit).trimmingCharacters(in: .whitespaces)
      let limitProblem = "A limit is a whole number of GB, 1 or more; leave it empty for none."
      if !limitText.isEmpty {
        if let gb = Int64(limitText), gb > 0, gb <= 100_000 { limit = .gb(gb) }
      }
      let limitIsBad = !limitText.isEmpty && limit == nil
      let effect: Effect
      switch purpose {
      case .add:
        // The service's own rules (Billing), so the form refuses exactly what it would.
        var name = form.text(.name).trimmingCharacters(in: .whitespaces)
        switch ProxyUserRules.checkedName(name) {
        case .success(let checked): name = checked
        case .failure(let problem): problems.append((.name, problem.hint))
        }
        let password = form.text(.password)
        if let problem = ProxyUserRules.problem(withPassword: password) {
          problems.append((.password, problem.hint))
        }
        if limitIsBad { problems.append((.limit, limitProblem)) }
        let products = (context.snapshot?.account.subscriptions ?? []).filter { $0.state.isLive }.map(
          \.product)
        let choices = Array(Set(products)).sorted()
        let product =
          form.choices.isEmpty
          ? (choices.first ?? .residential) : choices[min(form.choice, choices.count - 1)]
        effect = .addProxyUser(product: product, name: name, password: password, limit: limit)
      case .password(let id, _):
        let password = form.text(.password)
        if let problem = ProxyUserRules.problem(withPassword: password) {
          problems.append((.password, problem.hint))
        }
        effect = .changeProxyUserPassword(id: id, password: password)
      case .limit(let id, _):
        if limitIsBad { problems.append((.limit, limitProblem)) }
        effect = .setProxyUserLimit(id: id, limit: limit)
      }
      guard let first = problems.first else { return .close([.effect(effect)]) }
      for problem in problems { form.setError(problem.field, problem.message) }
      form.focus(on: first.field)
      return .stay
    default: return .stay
    }
  }

  public func render(into canvas: inout Canvas, area: Rect, context: PopupContext) {
    let box = area.centered(width: min(66, area.width - 2), height: 14)
    canvas.popup(box, title: title, glyphs: context.glyphs)
    form.render(into: &canvas, x: box.x + 3, y: box.y + 2, width: box.width - 6, labelWidth: 14)
    canvas.put(
      "Passwords: at least \(ProxyUserRules.passwordMinimum) characters, no spaces, ':' or '@'.",
      x: box.x + 3,
      y: box.maxY - 2, style: .muted, maxX: box.maxX - 2)
  }

  var title: String {
    switch purpose {
    case .add: "Add a proxy user"
    case .password(_, let name): "New password for \(name)"
    case .limit(_, let name): "Traffic limit for \(name)"
    }
  }
}
