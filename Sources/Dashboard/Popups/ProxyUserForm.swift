import Billing
import Foundation
import TerminalUI

/// Add a proxy user, change its password, or set its limit (R25).
public struct ProxyUserForm: ScrollingPopup, Hashable {
  public enum Purpose: Hashable, Sendable {
    case add
    case password(id: String, name: String)
    case limit(id: String, name: String)
  }

  public enum Field: FormField { case name, password, limit }

  public var purpose: Purpose
  public var form: Form<Field>
  public var products: [String]
  public var scroll = 0
  public var submission = Submission()

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
      // The choice row picks the proxy user's product, not a payment method.
      form.choiceLabel = "Product"
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

  public func helpRows(in context: PopupContext) -> [HelpRow] {
    scrollRows(in: context) + form.bindings.helpRows()
  }

  public mutating func paste(_ text: String, in context: PopupContext) -> Bool { form.paste(text) }

  /// Checks what can be checked before the service does.
  public mutating func handle(_ key: Key, in context: PopupContext) -> PopupResult {
    if scrolls(by: key, in: context) { return .stay }
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
      guard let first = problems.first else { return submission.send(effect) }
      for problem in problems { form.setError(problem.field, problem.message) }
      form.focus(on: first.field)
      return .stay
    default: return .stay
    }
  }

  /// A name the service found taken goes on the Name field; the rest above the fields.
  public mutating func receive(_ event: AppEvent, in context: PopupContext) -> PopupResult? {
    var form = self.form
    let result = submission.receive(event) { failure in
      guard failure.kind == .field(.proxyUserName), form.ids.contains(.name) else { return false }
      form.setError(.name, failure.message)
      form.focus(on: .name)
      return true
    }
    self.form = form
    return result
  }

  public func body(in context: PopupContext) -> PopupBody {
    PopupBody(title: title, width: 66, footer: nil, scroll: scroll) { canvas, width in
      let top = submission.render(into: &canvas, y: 0, width: width)
      var (row, focusRow) = form.drawn(
        into: &canvas, x: 0, y: top == 0 ? 0 : top + 1, width: width, labelWidth: 14)
      row +=
        1
        + canvas.paragraph(
          "Passwords: at least \(ProxyUserRules.passwordMinimum) characters, no spaces, ':' or '@'.", x: 0,
          y: row + 1, width: width, style: .muted)
      return PopupBody.Drawn(rows: row, focusRow: focusRow)
    }
  }

  var title: String {
    switch purpose {
    case .add: "Add a proxy user"
    case .password(_, let name): "New password for \(name)"
    case .limit(_, let name): "Traffic limit for \(name)"
    }
  }
}
