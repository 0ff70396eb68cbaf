import Billing
import Foundation

/// Proxy users (`4`, R25): this period's traffic each, add, password, limit, remove, buy more.
public struct ProxyUsersView: Hashable, Sendable {
  public var selected = 0

  enum Action: Hashable, Sendable { case up, down, add, password, limit, remove, buyMore, swap }

  static let bindings: [KeyBinding<Action>] = [
    KeyBinding([.up, .character("k")], "up", "Previous proxy user", .up, hint: false),
    KeyBinding([.down, .character("j")], "down", "Next proxy user", .down, hint: false),
    KeyBinding([.character("a")], "add", "Add a proxy user", .add),
    KeyBinding([.character("w")], "password", "Change the selected user's password", .password),
    KeyBinding([.character("l")], "limit", "Set or clear the selected user's traffic limit", .limit),
    KeyBinding([.character("d")], "remove", "Remove the selected user (asks first)", .remove),
    KeyBinding([.character("b")], "buy", "Buy more proxy users", .buyMore),
    // R25: after a downgrade the customer picks which users serve within the plan's count.
    KeyBinding(
      [.character("s")], "swap",
      "Serve with the selected paused user (pauses the newest), or pause it for a paused one",
      .swap),
  ]
}

extension AppState {
  mutating func handleProxyUsers(_ key: Key, snapshot: Snapshot) -> [Effect] {
    guard let action: ProxyUsersView.Action = ProxyUsersView.bindings.action(for: key) else { return [] }
    let users = snapshot.proxyUsers
    let index = min(proxyUsers.selected, max(0, users.count - 1))
    let products = snapshot.account.subscriptions.filter { $0.state.isLive }.map(\.product)
    switch action {
    case .up: proxyUsers.selected = max(0, index - 1)
    case .down: proxyUsers.selected = min(max(0, users.count - 1), index + 1)
    case .add:
      guard !products.isEmpty else {
        banner = Banner("Proxy users come with a plan: buy one on the Pricing tab (2).", tone: .warning)
        return []
      }
      overlay = .proxyUser(
        ProxyUserForm(purpose: .add, products: Array(Set(products)).sorted().map(\.shortName)))
    case .password, .limit, .remove, .swap:
      guard users.indices.contains(index) else { return [] }
      let user = users[index]
      switch action {
      case .swap: return [.swapPausedProxyUser(id: user.id)]
      case .password:
        overlay = .proxyUser(ProxyUserForm(purpose: .password(id: user.id, name: user.name), products: []))
      case .limit:
        let current = user.limit.map { String($0.bytes / Traffic.bytesPerGB) } ?? ""
        overlay = .proxyUser(
          ProxyUserForm(purpose: .limit(id: user.id, name: user.name), products: [], currentLimit: current))
      default: overlay = .confirmRemove(proxyUserID: user.id, name: user.name, focus: 0)
      }
    case .buyMore:
      let product = users.indices.contains(index) ? users[index].product : products.first
      guard let product, let subscription = snapshot.account.liveSubscription(of: product) else {
        banner = Banner("Proxy users come with a plan: buy one on the Pricing tab (2).", tone: .warning)
        return []
      }
      openExtra(.proxyUsers(count: 0), subscription: subscription, snapshot: snapshot)
    }
    return []
  }

  /// The proxy-user form's keys; checks what can be checked before the service does.
  mutating func handleProxyUserForm(_ key: Key, form: inout ProxyUserForm, snapshot: Snapshot) -> (
    close: Bool, effects: [Effect]
  ) {
    switch form.form.handle(key) {
    case .dismissed, .pressed(1): return (true, [])
    case .pressed(0):
      // Every field with a problem gets its message at once, in the form's order; the
      // focus goes to the first.
      form.form.clearErrors()
      var problems: [(field: String, message: String)] = []
      var limit: Traffic?
      let limitText = form.form.text("Limit (GB)").trimmingCharacters(in: .whitespaces)
      let limitProblem = "A limit is a whole number of GB, 1 or more; leave it empty for none."
      if !limitText.isEmpty {
        if let gb = Int64(limitText), gb > 0, gb <= 100_000 { limit = .gb(gb) }
      }
      let limitIsBad = !limitText.isEmpty && limit == nil
      let effect: Effect
      switch form.purpose {
      case .add:
        let name = form.form.text("Name").trimmingCharacters(in: .whitespaces)
        if name.isEmpty || name.count > 32
          || !name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        {
          problems.append(("Name", "Use 1–32 letters, digits, - or _."))
        }
        let password = form.form.text("Password")
        if password.count < 8 { problems.append(("Password", "At least 8 characters.")) }
        if limitIsBad { problems.append(("Limit (GB)", limitProblem)) }
        let products = snapshot.account.subscriptions.filter { $0.state.isLive }.map(\.product)
        let choices = Array(Set(products)).sorted()
        let product =
          form.form.choices.isEmpty
          ? (choices.first ?? .residential) : choices[min(form.form.choice, choices.count - 1)]
        effect = .addProxyUser(product: product, name: name, password: password, limit: limit)
      case .password(let id, _):
        let password = form.form.text("New password")
        if password.count < 8 { problems.append(("New password", "At least 8 characters.")) }
        effect = .changeProxyUserPassword(id: id, password: password)
      case .limit(let id, _):
        if limitIsBad { problems.append(("Limit (GB)", limitProblem)) }
        effect = .setProxyUserLimit(id: id, limit: limit)
      }
      guard let first = problems.first else { return (true, [effect]) }
      for problem in problems { form.form.setError(problem.field, problem.message) }
      form.form.focus(on: first.field)
      return (false, [])
    default: return (false, [])
    }
  }

  func renderProxyUsers(into canvas: inout Canvas, area: Rect, snapshot: Snapshot) {
    var y = area.y
    for subscription in snapshot.account.subscriptions where subscription.state.isLive {
      let allowed = ProxyUserAllowance.limit(for: subscription, catalog: snapshot.catalog)
      let users = snapshot.proxyUsers.filter { $0.product == subscription.product }
      let paused = users.filter(\.paused).count
      let included = snapshot.catalog.plan(id: subscription.planID)?.includedProxyUsers ?? 0
      canvas.put(
        "\(subscription.product.shortName): \(users.count - paused) of \(allowed) proxy users (\(included) included, \(subscription.extraProxyUsers) bought)"
          + (paused > 0 ? ", \(paused) paused: s swaps" : ""),
        x: area.x, y: y, style: .muted, maxX: area.maxX)
      y += 1
    }
    y += 1
    // R25: a State column only while some user is paused, narrowing Name so it fits 80 columns.
    let showsState = snapshot.proxyUsers.contains(where: \.paused)
    let nameWidth = showsState ? 16 : 20
    canvas.put(
      TerminalText.pad("Name", to: nameWidth) + TerminalText.pad("Product", to: 12)
        + TerminalText.pad("This period", to: 12, alignRight: true)
        + TerminalText.pad("Limit", to: 10, alignRight: true) + (showsState ? "  State" : ""), x: area.x,
      y: y,
      style: .title)
    y += 1
    let selected = min(proxyUsers.selected, max(0, snapshot.proxyUsers.count - 1))
    for (index, user) in snapshot.proxyUsers.enumerated() {
      guard y < area.maxY else { break }
      let traffic = snapshot.proxyUserTraffic[user.product]?[user.id] ?? .zero
      var style: CellStyle = index == selected ? .focus : .text
      if let limit = user.limit, traffic >= limit, index != selected { style = .danger }
      if user.paused, index != selected { style = .muted }
      canvas.put(
        TerminalText.pad(user.name, to: nameWidth) + TerminalText.pad(user.product.shortName, to: 12)
          + TerminalText.pad("\(traffic)", to: 12, alignRight: true)
          + TerminalText.pad(user.limit.map { $0.compact } ?? "none", to: 10, alignRight: true)
          + (showsState ? (user.paused ? "  paused" : "  serving") : ""), x: area.x,
        y: y, style: style)
      y += 1
    }
    if snapshot.proxyUsers.isEmpty {
      canvas.put("No proxy users yet: press a to add one.", x: area.x, y: y, style: .muted)
    }
  }
}
