import Billing
import TerminalUI

/// Pricing (`2`): both products' plans, residential then datacenter, smallest first,
/// each labelled for this customer (R1, R3, R9).
public struct PricingView: Screen, Hashable {
  public static let section = Section.pricing

  public init() {}

  /// Index into the catalog's plans; nil until first shown, then the current plan.
  public var selected: Int?

  public enum Action: Hashable, Sendable { case up, down, choose, extraTraffic, proxyUsers }

  static let bindings: [KeyBinding<Action>] = [
    KeyBinding([.up, .character("k")], "up", "Previous plan", .up),
    KeyBinding([.down, .character("j")], "down", "Next plan", .down),
    KeyBinding(
      [.enter], "checkout", "Buy, upgrade, renew or downgrade: opens checkout with a preview", .choose),
    KeyBinding(
      [.character("t")], "traffic", "Add extra traffic to this product's subscription", .extraTraffic),
    KeyBinding(
      [.character("b")], "users", "Buy more proxy users for this product's subscription", .proxyUsers),
  ]

  /// Focus starts on the current plan, else the first row (DESIGN.md).
  static func initialRow(in snapshot: Snapshot) -> Int {
    let plans = snapshot.catalog.plans
    for product in Product.allCases {
      if let live = snapshot.account.liveSubscription(of: product),
        let index = plans.firstIndex(where: { $0.id == live.planID })
      {
        return index
      }
    }
    return 0
  }
}

extension Section {
  public static let pricing = Section(id: "pricing", title: "Pricing")
}

extension PricingView {
  /// Enter, `t` and `b` act on the focused plan's product: each is disabled, with Billing's
  /// reason, where that product's subscription would refuse it (none yet, past due, BTC,
  /// residential traffic not used up).
  public func bindings(in context: ScreenContext) -> [KeyBinding<Action>] {
    let snapshot = context.snapshot
    let plans = snapshot.catalog.plans
    guard !plans.isEmpty else {
      return Self.bindings.map {
        $0.action == .up || $0.action == .down ? $0 : $0.disabled("The catalog has no plans to buy.")
      }
    }
    let product = plans[min(selected ?? PricingView.initialRow(in: snapshot), plans.count - 1)].product
    let live = snapshot.account.liveSubscription(of: product)
    let calendar = snapshot.calendar
    let none = "You have no \(product.displayName) subscription: buy a plan first."
    return Self.bindings.map { binding in
      switch binding.action {
      case .up, .down: return binding
      case .choose:
        return binding.disabled(
          live?.state == .pastDue ? BillingError.subscriptionPastDue.message(in: calendar) : nil)
      case .extraTraffic:
        return binding.disabled(
          live.map { SubscriptionRefusals.addTraffic(to: $0, calendar: calendar) } ?? none)
      case .proxyUsers:
        return binding.disabled(
          live.map { SubscriptionRefusals.buyProxyUsers(for: $0, calendar: calendar) } ?? none)
      }
    }
  }

  /// Back on the current plan each time the screen is shown.
  public mutating func enter() { selected = nil }

  public mutating func perform(_ action: Action, in context: ScreenContext) -> [ScreenRequest] {
    let snapshot = context.snapshot
    let plans = snapshot.catalog.plans
    guard !plans.isEmpty else { return [] }
    let row = min(selected ?? PricingView.initialRow(in: snapshot), plans.count - 1)
    switch action {
    case .up: selected = max(0, row - 1)
    case .down: selected = min(plans.count - 1, row + 1)
    case .choose: return [.checkout(planID: plans[row].id)]
    case .extraTraffic, .proxyUsers:
      let product = plans[row].product
      guard let subscription = snapshot.account.liveSubscription(of: product) else {
        return [
          .banner(
            Banner("You have no \(product.displayName) subscription: buy a plan first.", tone: .warning))
        ]
      }
      return [
        .extra(action == .extraTraffic ? .traffic(gigabytes: 0) : .proxyUsers(count: 0), subscription)
      ]
    }
    return []
  }

  public func render(into canvas: inout Canvas, area: Rect, context: ScreenContext) {
    let snapshot = context.snapshot
    let glyphs = context.glyphs
    let plans = snapshot.catalog.plans
    let selected = min(self.selected ?? PricingView.initialRow(in: snapshot), max(0, plans.count - 1))
    let header = ["Plan", "Traffic", "Price", "Per GB", "Users", "Action"]
    let kinds = plans.map { snapshot.checkout.kind(ofBuying: $0, for: snapshot.account) }
    let rows = zip(plans, kinds).map { plan, kind in
      [
        (kind == .renew ? glyphs.bullet + " " : "  ") + plan.name, plan.allowance.compact, "\(plan.price)",
        "\(plan.pricePerGB)", "\(plan.includedProxyUsers)", kind.action,
      ]
    }
    // Columns as wide as their widest cell, so "2,000 GB" or "$7,000.00" is never cut;
    // only a plan name gives way when even that does not fit.
    var widths = header.indices.map { column in
      rows.reduce(TerminalText.width(header[column])) { max($0, TerminalText.width($1[column])) } + 1
    }
    // The last column's trailing space may fall off the edge.
    let overflow = widths.reduce(0, +) - 1 - area.width
    if overflow > 0 { widths[0] = max(8, widths[0] - overflow) }
    // Spare columns give the figures up to two more spaces each and the action one.
    let extra = min(2, max(0, (-overflow - 1) / 4))
    let roomy = extra > 0
    if roomy {
      for column in 1...4 { widths[column] += extra }
      widths[5] += 1
    }
    canvas.put(
      "Monthly prices before VAT · \(glyphs.bullet) your current plan", x: area.x, y: area.y, style: .muted,
      maxX: area.maxX)
    // `roomy` puts a second space between the right-aligned figures and the action.
    let titles = roomy ? header.dropLast() + [" " + header[5]] : header
    let columns = titles.indices.map {
      Table.Column(titles[$0], width: widths[$0], alignRight: (1...4).contains($0))
    }
    var tableRows: [Table.Row] = []
    var selectedRow: Int?
    var lastProduct: Product?
    for (index, plan) in plans.enumerated() {
      if plan.product != lastProduct {
        tableRows.append(.group(plan.product.displayName, style: .accent))
        lastProduct = plan.product
      }
      if index == selected { selectedRow = tableRows.count }
      var cells = rows[index]
      if roomy { cells[5] = " " + cells[5] }
      tableRows.append(
        .cells(cells, style: index == selected ? .focus : (kinds[index] == .renew ? .accent : .text)))
    }
    let table = Table(columns: columns, rows: tableRows, selected: selectedRow)
    table.render(into: &canvas, area: area.rows([.length(2), .fill])[1])
  }
}
