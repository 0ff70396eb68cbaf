import Billing
import TerminalUI

/// R26a: a billing-history row's invoice in a box. An invoice is longer than a small
/// terminal, so the box scrolls rather than letting any line leave it.
public struct InvoicePopup: BindingPopup, Hashable {
  public var invoice: IssuedInvoice
  /// The first invoice line shown.
  public var scroll = 0

  public init(invoice: IssuedInvoice) {
    self.invoice = invoice
  }

  public enum Action: Hashable, Sendable {
    case up, down, pageUp, pageDown, export, close
  }

  /// The box in `area`, the invoice's lines at the box's width (the title is the box's
  /// own), and how many of them show at once.
  func layout(area: Rect, calendar: BillingCalendar) -> (box: Rect, lines: [String], visible: Int) {
    let width = min(76, area.width - 2)
    let lines = Array(invoice.textLines(calendar: calendar, width: width - 6).dropFirst())
    // Border, a blank row, the lines, a blank row, the hint line, border.
    let box = area.centered(width: width, height: min(area.height, lines.count + 5))
    return (box, lines, max(1, box.height - 5))
  }

  /// Scrolling only when the invoice does not fit, and only the way it can go (hints
  /// list what the state allows; `?` says why the rest does not work).
  public func bindings(in context: PopupContext) -> [KeyBinding<Action>] {
    let (_, lines, visible) = layout(area: context.area, calendar: context.calendar)
    let last = max(0, lines.count - visible)
    let atTop = lines.count <= visible ? "The whole invoice fits in the box." : "This is the invoice's top."
    let atBottom =
      lines.count <= visible ? "The whole invoice fits in the box." : "This is the invoice's end."
    return [
      KeyBinding(
        [.up, .character("k")], "up", "Scroll the invoice up", .up, disabledReason: scroll > 0 ? nil : atTop),
      KeyBinding(
        [.down, .character("j")], "down", "Scroll the invoice down", .down,
        disabledReason: scroll < last ? nil : atBottom),
      KeyBinding(
        [.pageUp], "page up", "Scroll a page up", .pageUp, hint: false,
        disabledReason: scroll > 0 ? nil : atTop),
      KeyBinding(
        [.pageDown], "page down", "Scroll a page down", .pageDown, hint: false,
        disabledReason: scroll < last ? nil : atBottom),
      KeyBinding([.character("e")], "export", "Export the invoice as a text file and an HTML page", .export),
      KeyBinding([.escape, .enter], "close", "Close the invoice", .close, shownAs: "Esc"),
    ]
  }

  public mutating func perform(_ action: Action, in context: PopupContext) -> PopupResult {
    let (_, lines, visible) = layout(area: context.area, calendar: context.calendar)
    switch action {
    case .up: scroll -= 1
    case .down: scroll += 1
    case .pageUp: scroll -= visible
    case .pageDown: scroll += visible
    case .export: return .close([.effect(.exportInvoice(invoice.number))])
    case .close: return .close
    }
    scroll = min(max(0, scroll), max(0, lines.count - visible))
    return .stay
  }

  public func render(into canvas: inout Canvas, area: Rect, context: PopupContext) {
    let (box, lines, visible) = layout(area: area, calendar: context.calendar)
    canvas.popup(box, title: invoice.title, glyphs: context.glyphs)
    let first = min(scroll, max(0, lines.count - visible))
    for (index, line) in lines.dropFirst(first).prefix(visible).enumerated() {
      let style: CellStyle = line.hasSuffix(":") || line.hasPrefix("Total:") ? .title : .text
      canvas.put(line, x: box.x + 3, y: box.y + 2 + index, style: style, maxX: box.maxX - 2)
    }
    var footer = bindings(in: context).hintLine()
    if lines.count > visible {
      footer += " · lines \(first + 1)–\(min(lines.count, first + visible)) of \(lines.count)"
    }
    canvas.put(footer, x: box.x + 3, y: box.maxY - 2, style: .muted, maxX: box.maxX - 2)
  }
}
