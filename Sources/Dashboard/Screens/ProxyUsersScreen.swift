import Billing
import Foundation
import TerminalUI

/// Proxy users (`4`, R25): this period's traffic each, add, password, limit, remove, buy more.
public struct ProxyUsersView: Screen, Hashable {
  public static let section = Section.proxyUsers

  public init() {}

  public var selected = 0

  public enum Action: Hashable, Sendable { case up, down, add, password, limit, remove, buyMore, swap }

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

extension ProxyUsersView {
  /// The users as listed and selected: residential first, as every screen lists products,
  /// each product's users in the store's order.
  static func users(in snapshot: Snapshot) -> [ProxyUser] {
    Product.allCases.flatMap { product in snapshot.proxyUsers.filter { $0.product == product } }
  }
}

extension Section {
  public static let proxyUsers = Section(id: "proxy-users", title: "Proxy users")
}

extension ProxyUsersView {
  /// Each key disabled, with its reason, where it cannot work now: no plan, no user
  /// selected, no paused user to swap, a subscription that cannot take more users.
  public func bindings(in context: ScreenContext) -> [KeyBinding<Action>] {
    let snapshot = context.snapshot
    let users = Self.users(in: snapshot)
    let user = users.isEmpty ? nil : users[min(selected, users.count - 1)]
    let hasPlan = snapshot.account.subscriptions.contains { $0.state.isLive }
    let noUser = "No proxy users yet: press a to add one."
    return Self.bindings.map { binding in
      switch binding.action {
      case .up, .down: return binding
      case .add: return binding.disabled(hasPlan ? nil : Self.noPlan.text)
      case .password, .limit, .remove: return binding.disabled(user == nil ? noUser : nil)
      case .swap:
        // R25: a swap trades a paused user for a serving one of the same product.
        guard let user else { return binding.disabled(noUser) }
        let paused = users.contains { $0.product == user.product && $0.paused }
        return binding.disabled(paused ? nil : BillingError.proxyUsersNothingPaused.description)
      case .buyMore:
        let product = user?.product ?? snapshot.account.subscriptions.first { $0.state.isLive }?.product
        guard let product, let subscription = snapshot.account.liveSubscription(of: product) else {
          return binding.disabled(Self.noPlan.text)
        }
        return binding.disabled(
          SubscriptionRefusals.buyProxyUsers(for: subscription, calendar: snapshot.calendar))
      }
    }
  }

  /// This period's traffic per user: read when the screen is shown, not with every change.
  public func load(in context: ScreenContext) -> [Effect] { [.loadProxyUserTraffic] }

  public mutating func perform(_ action: Action, in context: ScreenContext) -> [ScreenRequest] {
    let snapshot = context.snapshot
    let users = Self.users(in: snapshot)
    let index = min(selected, max(0, users.count - 1))
    let products = snapshot.account.subscriptions.filter { $0.state.isLive }.map(\.product)
    switch action {
    case .up: selected = max(0, index - 1)
    case .down: selected = min(max(0, users.count - 1), index + 1)
    case .add:
      guard !products.isEmpty else { return [.banner(Self.noPlan)] }
      return [
        .overlay(ProxyUserForm(purpose: .add, products: Array(Set(products)).sorted().map(\.shortName)))
      ]
    case .password, .limit, .remove, .swap:
      guard users.indices.contains(index) else { return [] }
      let user = users[index]
      switch action {
      case .swap: return [.effect(.swapPausedProxyUser(id: user.id))]
      case .password:
        return [
          .overlay(ProxyUserForm(purpose: .password(id: user.id, name: user.name), products: []))
        ]
      case .limit:
        let current = user.limit.map { String($0.bytes / Traffic.bytesPerGB) } ?? ""
        return [
          .overlay(
            ProxyUserForm(purpose: .limit(id: user.id, name: user.name), products: [], currentLimit: current))
        ]
      default: return [.overlay(RemoveProxyUserPopup(proxyUserID: user.id, name: user.name))]
      }
    case .buyMore:
      let product = users.indices.contains(index) ? users[index].product : products.first
      guard let product, let subscription = snapshot.account.liveSubscription(of: product) else {
        return [.banner(Self.noPlan)]
      }
      return [.extra(.proxyUsers(count: 0), subscription)]
    }
    return []
  }

  private static let noPlan = Banner(
    "Proxy users come with a plan: buy one on the Pricing tab (2).", tone: .warning)
}

extension ProxyUsersView {
  public func render(into canvas: inout Canvas, area: Rect, context: ScreenContext) {
    let snapshot = context.snapshot
    var y = area.y
    for product in Product.allCases {
      guard let subscription = snapshot.account.liveSubscription(of: product) else { continue }
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
    let users = ProxyUsersView.users(in: snapshot)
    let showsState = users.contains(where: \.paused)
    var columns = [
      Table.Column("Name", width: showsState ? 16 : 20), Table.Column("Product", width: 12),
      Table.Column("This period", width: 12, alignRight: true),
      Table.Column("Limit", width: 10, alignRight: true),
    ]
    if showsState { columns.append(Table.Column("  State", width: 9)) }
    let selected = min(self.selected, max(0, users.count - 1))
    let rows: [Table.Row] = users.enumerated().map { index, user in
      let traffic = snapshot.proxyUserTraffic[user.product]?[user.id] ?? .zero
      var style: CellStyle = index == selected ? .focus : .text
      if let limit = user.limit, traffic >= limit, index != selected { style = .danger }
      if user.paused, index != selected { style = .muted }
      var cells = [user.name, user.product.shortName, "\(traffic)", user.limit.map { $0.compact } ?? "none"]
      if showsState { cells.append(user.paused ? "  paused" : "  serving") }
      return .cells(cells, style: style)
    }
    // Scrolls with the selection: a long list no longer hides the user the keys act on.
    Table(columns: columns, rows: rows, selected: selected, spacing: 0).render(
      into: &canvas, area: Rect(x: area.x, y: y, width: area.width, height: area.maxY - y))
    y += 1
    if users.isEmpty {
      canvas.put("No proxy users yet: press a to add one.", x: area.x, y: y, style: .muted)
    }
  }
}
