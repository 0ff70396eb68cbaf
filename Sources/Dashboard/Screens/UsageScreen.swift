import Billing
import Foundation
import TerminalUI

/// Usage stats (`1`, R27): used / available, a chart by hour or day, per-user traffic,
/// the forecast and the GB that expire at the next renewal.
public struct UsageView: Screen, Hashable {
  public static let section = Section.usage

  public init() {}

  public var product: Product?
  public var range: UsageRange = .currentPeriod
  public var report: UsageReport?
  public var sortByName = false

  static let ranges: [UsageRange] = [.last24Hours, .last7Days, .last30Days, .currentPeriod]

  public enum Action: Hashable, Sendable {
    case nextTab, previousTab, nextRange, previousRange, custom, sort, export
  }

  static let bindings: [KeyBinding<Action>] = [
    KeyBinding([.tab], "tab", "Next subscription (or next range with one subscription)", .nextTab),
    KeyBinding([.backTab], "prev", "Previous subscription (or range)", .previousTab, hint: false),
    KeyBinding([.right, .character("l")], "range", "Next range", .nextRange),
    KeyBinding([.left, .character("h")], "range", "Previous range", .previousRange, hint: false),
    KeyBinding([.character("d")], "dates", "Custom dates", .custom),
    KeyBinding([.character("s")], "sort", "Sort proxy users by traffic or name", .sort),
    KeyBinding([.character("e")], "export", "Export the shown range as CSV", .export),
  ]

  var rangeIndex: Int {
    if case .custom = range { return Self.ranges.count }
    return Self.ranges.firstIndex(of: range) ?? 3
  }

  static func products(in snapshot: Snapshot) -> [Product] {
    snapshot.account.visibleSubscriptions.map(\.product)
  }

  func currentProduct(in snapshot: Snapshot) -> Product? {
    let products = Self.products(in: snapshot)
    if let product, products.contains(product) { return product }
    return products.first
  }
}

extension Section {
  public static let usage = Section(id: "usage", title: "Usage stats")
}

extension UsageView {
  /// Without a subscription there is no usage to range, sort or export; sorting needs two
  /// proxy users in the range.
  public func bindings(in context: ScreenContext) -> [KeyBinding<Action>] {
    guard currentProduct(in: context.snapshot) != nil else {
      return Self.bindings.map { $0.disabled("No subscription yet: choose a plan on the Pricing tab (2).") }
    }
    let users = report?.byUser.count ?? 0
    return Self.bindings.map { binding in
      binding.action == .sort && report != nil && users < 2
        ? binding.disabled(
          "Sorting needs two proxy users with traffic in this range; there \(users == 1 ? "is one" : "are none")."
        )
        : binding
    }
  }

  /// The report for the current choice of subscription and range.
  public func load(in context: ScreenContext) -> [Effect] {
    guard let product = currentProduct(in: context.snapshot) else { return [] }
    return [.loadUsage(product, range)]
  }

  public mutating func receive(_ event: AppEvent) {
    switch event {
    case .usage(let report): self.report = report
    case .rangeChosen(let chosen): range = chosen
    default: break
    }
  }

  public mutating func perform(_ action: Action, in context: ScreenContext) -> [ScreenRequest] {
    let snapshot = context.snapshot
    let products = UsageView.products(in: snapshot)
    switch action {
    case .nextTab, .previousTab:
      if products.count > 1, let current = currentProduct(in: snapshot),
        let index = products.firstIndex(of: current)
      {
        product = products[(index + (action == .nextTab ? 1 : products.count - 1)) % products.count]
        report = nil
        return load(in: context).map { .effect($0) }
      }
      return moveRange(action == .nextTab ? 1 : -1, context: context)
    case .nextRange: return moveRange(1, context: context)
    case .previousRange: return moveRange(-1, context: context)
    case .custom: return [.overlay(CustomRangeForm())]
    case .sort: sortByName.toggle()
    case .export:
      guard let product = currentProduct(in: snapshot) else { return [] }
      return [.effect(.exportUsage(product, range))]
    }
    return []
  }

  private mutating func moveRange(_ step: Int, context: ScreenContext) -> [ScreenRequest] {
    let count = UsageView.ranges.count + 1
    let next = (rangeIndex + step + count) % count
    if next == UsageView.ranges.count { return [.overlay(CustomRangeForm())] }
    range = UsageView.ranges[next]
    return load(in: context).map { .effect($0) }
  }
}

extension UsageView {
  public func render(into canvas: inout Canvas, area: Rect, context: ScreenContext) {
    let snapshot = context.snapshot
    let glyphs = context.glyphs
    let calendar = snapshot.calendar
    guard let product = currentProduct(in: snapshot),
      let subscription = snapshot.account.liveSubscription(of: product)
        ?? snapshot.account.visibleSubscriptions.first(where: { $0.product == product })
    else {
      canvas.put(
        "No subscription yet: choose a plan on the Pricing tab (2).", x: area.x, y: area.y, style: .muted)
      return
    }
    var y = area.y
    let products = UsageView.products(in: snapshot)
    if products.count > 1 {
      let titles = snapshot.account.visibleSubscriptions.map {
        "\($0.product.shortName): \(snapshot.planName($0))"
      }
      canvas.tabs(titles, selected: products.firstIndex(of: product) ?? 0, x: area.x, y: y, maxX: area.maxX)
      y += 1
    } else {
      canvas.put(
        "\(product.displayName) · \(snapshot.planName(subscription))", x: area.x, y: y, style: .title)
      y += 1
    }
    // Custom dates make the last tab longer: the period tab's shorter name keeps every tab whole.
    var rangeTitles = UsageView.ranges.map(\.title) + [customTitle(calendar: calendar)]
    if Canvas.tabsWidth(rangeTitles) > area.width { rangeTitles[3] = "Period" }
    canvas.tabs(rangeTitles, selected: rangeIndex, x: area.x, y: y, maxX: area.maxX)
    y += 2
    let percent = subscription.usedPercent
    canvas.put(
      "Used: \(subscription.used) of \(subscription.available) (\(percent) %)", x: area.x, y: y, style: .text)
    canvas.put(
      "Remaining: \(subscription.remaining)", x: area.x + 36, y: y,
      style: subscription.isExhausted ? .danger : .success)
    y += 1
    let fraction =
      subscription.available.bytes > 0
      ? Double(subscription.used.bytes) / Double(subscription.available.bytes) : 1
    canvas.gauge(
      fraction: fraction, x: area.x, y: y, width: min(52, area.width), glyphs: glyphs,
      style: fraction >= 0.8 ? .warning : .chart)
    y += 1
    if subscription.isExhausted && subscription.state.isLive {
      canvas.put(
        "Traffic used up: proxies paused. Add traffic (t in Account settings) or change plan (2).", x: area.x,
        y: y, style: .danger, maxX: area.maxX)
      y += 1
    }
    if let report = report {
      let forecast = UsageMath.forecast(
        remaining: subscription.remaining, lastSevenDays: report.lastSevenDays, now: snapshot.now,
        periodEnd: subscription.periodEnd,
        window: UsageMath.trailingWindow(for: subscription, now: snapshot.now))
      let forecastStyle: CellStyle =
        switch forecast {
        case .runsOut(_, true), .alreadyExhausted: .warning
        default: .text
        }
      y += canvas.paragraph(
        forecast.label(periodEnd: subscription.periodEnd, calendar: calendar), x: area.x, y: y,
        width: area.width, style: forecastStyle, maxRows: 2)
    }
    // R6: warned only when the forecast leaves traffic unused (see `expiringAtRenewal`).
    if let report,
      let expiring = UsageMath.expiringAtRenewal(
        of: subscription, lastSevenDays: report.lastSevenDays, now: snapshot.now, policy: snapshot.policy,
        calendar: calendar)
    {
      y += canvas.paragraph(
        "At this rate about \(expiring) will expire at the renewal on \(calendar.dayText(subscription.periodEnd)); Renew or Upgrade keeps it.",
        x: area.x, y: y, width: area.width, style: .warning, maxRows: 2)
    }
    guard let report = report else {
      canvas.put("Loading…", x: area.x, y: y + 1, style: .muted)
      return
    }
    let end = report.interval.end.addingTimeInterval(-1)
    let title =
      "\(report.range.title): \(report.total) (\(calendar.dayText(report.interval.start)) – \(calendar.dayText(end)))"
    // R0.2: the screens count in decimal units, said once: beside the title when it fits,
    // else in the blank row above it, so the chart and the table keep their rows.
    let unitNote = "1 GB = 1,000,000,000 bytes"
    let besideTitle = TerminalText.width(title) + 3 + TerminalText.width(unitNote) <= area.width
    canvas.put(
      unitNote, x: besideTitle ? area.maxX - TerminalText.width(unitNote) : area.x,
      y: besideTitle ? y + 1 : y,
      style: .muted)
    y += 1
    canvas.put(title, x: area.x, y: y, style: .title, maxX: area.maxX)
    y += 1
    // The chart keeps about ten rows when it can; the table (header and one row per user)
    // gets the rest, and never fewer than five rows while there are users to list.
    let room = area.maxY - y - 1
    let tableRows = min(report.byUser.count + 1, max(5, room - 10))
    let chartHeight = max(3, room - tableRows)
    renderChart(
      report, into: &canvas, x: area.x, y: y, width: area.width, height: chartHeight, calendar: calendar,
      glyphs: glyphs)
    y += chartHeight + 1
    renderUserTable(
      report, into: &canvas, x: area.x, y: y, width: area.width, maxRows: area.maxY - y, snapshot: snapshot,
      product: product)
  }

  private func customTitle(calendar: BillingCalendar) -> String {
    if case .custom(let from, let to) = range {
      return "\(calendar.shortDayText(from))–\(calendar.shortDayText(to))"
    }
    return "Custom"
  }

  /// Bars with a labelled axis: GB at the top, the first and last bucket dates below.
  private func renderChart(
    _ report: UsageReport, into canvas: inout Canvas, x: Int, y: Int, width: Int, height: Int,
    calendar: BillingCalendar, glyphs: Glyphs
  ) {
    let axisWidth = 9
    let plotWidth = max(1, width - axisWidth - 1)
    // Merge buckets so every bar gets at least one column.
    let buckets = report.buckets
    guard !buckets.isEmpty else { return }
    let perBar = max(1, Int((Double(buckets.count) / Double(plotWidth)).rounded(.up)))
    var bars: [Int64] = []
    var index = 0
    while index < buckets.count {
      bars.append(buckets[index..<min(buckets.count, index + perBar)].reduce(0) { $0 + $1.traffic.bytes })
      index += perBar
    }
    let barWidth = max(1, min(3, plotWidth / max(1, bars.count)))
    let maximum = max(1, bars.max() ?? 1)
    let rows = max(1, height - 1)
    canvas.put(
      TerminalText.pad(Traffic(bytes: maximum).formatted(decimals: 1), to: axisWidth - 1, alignRight: true),
      x: x, y: y, style: .muted)
    canvas.put(
      TerminalText.pad("0 GB", to: axisWidth - 1, alignRight: true), x: x, y: y + rows - 1, style: .muted)
    for row in 0..<rows { canvas.put(glyphs.vertical, x: x + axisWidth - 1, y: y + row, style: .border) }
    for (column, value) in bars.enumerated() {
      // Eighths of a row, so small values still show.
      let eighths = Int((Double(value) / Double(maximum) * Double(rows * 8)).rounded())
      for row in 0..<rows {
        let fromBottom = rows - 1 - row
        let level = min(8, max(0, eighths - fromBottom * 8))
        if level > 0 {
          canvas.put(
            String(repeating: glyphs.bars[level], count: max(1, barWidth - (barWidth > 1 ? 1 : 0))),
            x: x + axisWidth + column * barWidth, y: y + row, style: .chart)
        }
      }
    }
    let first = buckets.first?.start ?? report.interval.start
    let last = buckets.last?.start ?? report.interval.end
    let hourly = report.range.chartsHours
    let firstLabel =
      hourly ? "\(calendar.shortDayText(first)) \(hourText(first, calendar))" : calendar.shortDayText(first)
    let lastLabel = hourly ? "\(hourText(last, calendar))" : calendar.shortDayText(last)
    canvas.put(firstLabel, x: x + axisWidth, y: y + rows, style: .muted)
    let lastX = x + axisWidth + min(plotWidth, bars.count * barWidth) - TerminalText.width(lastLabel)
    let firstEnd = x + axisWidth + TerminalText.width(firstLabel)
    if lastX > firstEnd + 1 {
      canvas.put(lastLabel, x: lastX, y: y + rows, style: .muted)
    }
    // The unit goes between the two dates, only where it does not cover either.
    let unit = hourly ? "per hour" : (perBar > 1 ? "per \(perBar) days" : "per day")
    let unitX = (firstEnd + lastX - TerminalText.width(unit)) / 2
    if unitX > firstEnd + 1 && unitX + TerminalText.width(unit) < lastX - 1 {
      canvas.put(unit, x: unitX, y: y + rows, style: .muted)
    }
  }

  private func hourText(_ date: Date, _ calendar: BillingCalendar) -> String {
    let hour = calendar.hour(date)
    return (hour < 10 ? "0" : "") + "\(hour):00"
  }

  private func renderUserTable(
    _ report: UsageReport, into canvas: inout Canvas, x: Int, y: Int, width: Int, maxRows: Int,
    snapshot: Snapshot, product: Product
  ) {
    guard maxRows > 1 else { return }
    let names = Dictionary(
      snapshot.proxyUsers.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    let named = UserUsage.named(report.byUser, names: names)
    let users = sortByName ? named.sorted { $0.proxyUser < $1.proxyUser } : named
    let total = max(1, report.total.bytes)
    // When not every user fits, the last row says how many are hidden and where to see them.
    let shown = users.count <= maxRows - 1 ? users.count : max(0, maxRows - 2)
    let rows: [Table.Row] = users.prefix(shown).map { user in
      .cells(["\(user.proxyUser)", "\(user.traffic)", "\(user.traffic.bytes * 100 / total) %"], style: .text)
    }
    // A name gives way (elided) before a figure.
    let table = Table(
      columns: [
        Table.Column(sortByName ? "Proxy user (by name)" : "Proxy user", .shrinks(minimum: 12)),
        Table.Column("Traffic", .fit, alignRight: true), Table.Column("Share", .fit, alignRight: true),
      ], rows: rows, spacing: 2
    ).fitted(to: width)
    table.render(into: &canvas, area: Rect(x: x, y: y, width: width, height: shown + 1))
    if shown < users.count {
      canvas.put(
        "… \(users.count - shown) more (a taller terminal shows them; e exports all)", x: x,
        y: y + 1 + shown, style: .muted, maxX: x + width)
    }
    if users.isEmpty { canvas.put("No traffic in this range.", x: x, y: y + 1, style: .muted) }
  }
}
