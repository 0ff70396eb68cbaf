import TerminalUI

/// A pop-up whose content can be taller than the terminal: the content is drawn into a
/// canvas of its own, the box is sized to it up to the area's height, and when it does
/// not fit a window of it shows — following the focused row, moved further by PgUp/PgDn
/// — with a line under it saying what is hidden. So content never lands on the border
/// or outside the box, whatever the terminal's size (issue 15).
public struct PopupBody {
  /// What the content drew: how many rows, and the row of the focused control (kept in
  /// view) if any.
  public struct Drawn {
    public var rows: Int
    public var focusRow: Int?

    public init(rows: Int, focusRow: Int? = nil) {
      self.rows = rows
      self.focusRow = focusRow
    }
  }

  var title: String
  /// The box's outer width before it is fitted to the area.
  var width: Int
  /// The hint line under the content (the pop-up's own key table), if any.
  var footer: String?
  /// Rows the customer scrolled with PgDn; 0 follows the focus.
  var scroll: Int
  /// The content's columns start this far in from the box's edge.
  var inset: Int
  var draw: (inout Canvas, _ width: Int) -> Drawn

  public init(
    title: String, width: Int, footer: String?, scroll: Int = 0, inset: Int = 3,
    draw: @escaping (inout Canvas, _ width: Int) -> Drawn
  ) {
    self.title = title
    self.width = width
    self.footer = footer
    self.scroll = scroll
    self.inset = inset
    self.draw = draw
  }

  /// Blank rows above the content and under it, inside the border.
  static let padding = 1

  /// The box, the first content row shown and how many show, for `area`.
  func layout(in area: Rect, asciiOnly: Bool) -> (
    box: Rect, body: Canvas, content: Drawn, first: Int, visible: Int
  ) {
    let boxWidth = min(width, area.width - 2)
    let contentWidth = max(1, boxWidth - 2 * inset)
    var body = Canvas(width: contentWidth, height: 200, asciiOnly: asciiOnly)
    let content = draw(&body, contentWidth)
    // Border, padding, content, then a blank row and the footer or just the padding,
    // border.
    let chrome = 2 + Self.padding + (footer == nil ? Self.padding : 2)
    let height = min(area.height, content.rows + chrome)
    let box = area.centered(width: boxWidth, height: height)
    let room = max(1, height - chrome)
    let visible = content.rows > room ? max(1, room - 1) : content.rows
    let last = max(0, content.rows - visible)
    // PgDn's scroll wins while it lasts (any other key resets it); otherwise the window
    // follows the focus.
    var first = min(max(0, scroll), last)
    if scroll == 0, let focus = content.focusRow, focus >= visible { first = focus - visible + 1 }
    return (box, body, content, min(first, last), visible)
  }

  /// Whether the content is taller than the box in `area` (then PgUp/PgDn mean something).
  public func overflows(in area: Rect) -> Bool {
    let shown = layout(in: area, asciiOnly: false)
    return shown.visible < shown.content.rows
  }

  /// The furthest PgDn can usefully go.
  public func maxScroll(in area: Rect) -> Int {
    let shown = layout(in: area, asciiOnly: false)
    return max(0, shown.content.rows - shown.visible)
  }

  public func render(into canvas: inout Canvas, area: Rect, glyphs: Glyphs) {
    let (box, body, content, first, visible) = layout(in: area, asciiOnly: canvas.isASCIIOnly)
    canvas.popup(box, title: title, glyphs: glyphs)
    let x = box.x + inset
    let y = box.y + 1 + Self.padding
    canvas.copy(body, rows: first..<(first + visible), x: x, y: y, maxX: box.maxX - 1)
    if visible < content.rows {
      let below = content.rows - first - visible
      let marker =
        below > 0
        ? "↓ \(below) more row\(below == 1 ? "" : "s") · PgDn/PgUp"
        : "↑ \(first) row\(first == 1 ? "" : "s") above · PgUp"
      canvas.put(marker, x: x, y: y + visible, style: .muted, maxX: box.maxX - 2)
    }
    if let footer {
      canvas.put(footer, x: x, y: box.maxY - 2, style: .muted, maxX: box.maxX - 2)
    }
  }
}

/// PgUp/PgDn on a pop-up that scrolls: listed only while it does (hints show what works).
enum PopupScrollKeys {
  enum Action: Hashable, Sendable { case up, down }

  static func bindings(_ scrolls: Bool) -> [KeyBinding<Action>] {
    scrolls
      ? [
        KeyBinding([.pageDown], "more", "Scroll the pop-up down", .down, shownAs: "PgDn"),
        KeyBinding([.pageUp], "back", "Scroll the pop-up up", .up, hint: false, shownAs: "PgUp"),
      ] : []
  }

  /// The new scroll for a PgUp/PgDn, or nil when the key is not one of them.
  static func scrolled(_ scroll: Int, by key: Key, scrolls: Bool, page: Int = 5) -> Int? {
    switch bindings(scrolls).action(for: key) {
    case .down?: scroll + page
    case .up?: max(0, scroll - page)
    case nil: nil
    }
  }
}

/// A pop-up drawn through a `PopupBody`: PgUp/PgDn scroll it while it is taller than the
/// terminal, and are hinted only then.
public protocol ScrollingPopup: Popup {
  var scroll: Int { get set }
  func body(in context: PopupContext) -> PopupBody
}

extension ScrollingPopup {
  public func scrollRows(in context: PopupContext) -> [HelpRow] {
    PopupScrollKeys.bindings(body(in: context).overflows(in: context.area)).helpRows()
  }

  /// Takes PgUp/PgDn when the body overflows; false for every other key.
  public mutating func scrolls(by key: Key, in context: PopupContext) -> Bool {
    let body = body(in: context)
    let shown = body.layout(in: context.area, asciiOnly: false)
    let overflows = shown.visible < shown.content.rows
    // From the rows on screen, which may follow the focus rather than `scroll`.
    guard let next = PopupScrollKeys.scrolled(shown.first, by: key, scrolls: overflows) else {
      // Another key (Tab, typing) brings the focus back into view.
      scroll = 0
      return false
    }
    scroll = min(next, body.maxScroll(in: context.area))
    return true
  }

  public func render(into canvas: inout Canvas, area: Rect, context: PopupContext) {
    body(in: context).render(into: &canvas, area: area, glyphs: context.glyphs)
  }
}

extension BindingPopup where Self: ScrollingPopup {
  public func helpRows(in context: PopupContext) -> [HelpRow] {
    scrollRows(in: context) + bindings(in: context).helpRows()
  }

  public mutating func handle(_ key: Key, in context: PopupContext) -> PopupResult {
    scrolls(by: key, in: context) ? .stay : dispatch(key, in: context)
  }
}
