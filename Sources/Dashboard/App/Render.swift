import Billing
import Foundation
import TerminalUI

extension AppState {
  /// Draws the whole dashboard; pure, so tests compare canvases (CRAFT.md).
  public func render() -> Canvas {
    var canvas = Canvas(width: width, height: height, asciiOnly: glyphs == .ascii)
    if isTooSmall {
      let message = "Terminal too small"
      let detail = "\(width)×\(height): ProxyDash needs at least \(Self.minimumWidth)×\(Self.minimumHeight)."
      canvas.put(
        message, x: max(0, (width - TerminalText.width(message)) / 2), y: height / 2 - 1, style: .warning)
      canvas.put(detail, x: max(0, (width - TerminalText.width(detail)) / 2), y: height / 2, style: .muted)
      return canvas
    }
    renderTopBar(into: &canvas)
    let frame = DashboardFrame(width: width, height: height)
    let content = frame.body
    if let snapshot {
      renderSidebar(into: &canvas, frame: frame, snapshot: snapshot)
      screens[currentIndex].render(into: &canvas, area: frame.main, context: context(snapshot))
    } else if overlay == nil || overlay is QuitPopup {
      login.render(into: &canvas, area: content, glyphs: glyphs)
    }
    overlay?.render(into: &canvas, area: content, context: popupContext)
    renderBanner(into: &canvas, frame: frame)
    renderBottomBar(into: &canvas)
    return canvas
  }

  /// What the open pop-up draws, alone on an empty screen of this size (nil when none is
  /// open): scripts' `expect-popup` reads it, so text behind the pop-up cannot pass.
  public var popupText: String? {
    guard let overlay, !isTooSmall else { return nil }
    var canvas = Canvas(width: width, height: height, asciiOnly: glyphs == .ascii)
    overlay.render(
      into: &canvas, area: DashboardFrame(width: width, height: height).body, context: popupContext)
    return canvas.text
  }

  private func renderTopBar(into canvas: inout Canvas) {
    canvas.fill(x: 0, y: 0, width: width, height: 1, style: CellStyle(.accent, reverse: true))
    let bar = CellStyle(.accent, bold: true, reverse: true)
    var title = " ProxyDash"
    if snapshot != nil { title += " │ " + section.title }
    canvas.put(title, x: 0, y: 0, style: bar)
    if let snapshot {
      let unread = snapshot.unreadCount
      let right =
        (unread > 0 ? "\(glyphs.bullet) \(unread) unread  " : "") + "\(snapshot.account.email) [p] ▾ "
      canvas.put(right, x: width - TerminalText.width(right), y: 0, style: CellStyle(.accent, reverse: true))
    }
  }

  private func renderSidebar(into canvas: inout Canvas, frame: DashboardFrame, snapshot: Snapshot) {
    let sections = Section.allCases
    for (index, item) in sections.enumerated() {
      let y = frame.sidebar.y + 2 + index * 2
      let text = " \(item.number) \(item.title)"
      let style: CellStyle = item == section ? .focus : .text
      canvas.put(TerminalText.pad(text, to: frame.sidebar.width), x: frame.sidebar.x, y: y, style: style)
    }
    for row in frame.sidebarBorder.y..<frame.sidebarBorder.maxY {
      canvas.put(glyphs.vertical, x: frame.sidebarBorder.x, y: row, style: .border)
    }
    // Residential first, as every screen lists the products, whatever was bought first.
    let live = Product.allCases.compactMap { snapshot.account.liveSubscription(of: $0) }
    // The live subscriptions follow the sections, one blank row after the last.
    var y = frame.sidebar.y + 2 + sections.count * 2
    // Each takes two rows and a blank one; one that would reach the caption row waits.
    for subscription in live where y + 1 < frame.captionRow {
      canvas.put(" \(subscription.product.shortName)", x: 0, y: y, style: .muted)
      canvas.put(
        " \(snapshot.planName(subscription)) · \(subscription.state.label)", x: 0, y: y + 1,
        style: subscription.state == .active ? .success : .warning, maxX: frame.sidebar.maxX)
      y += 3
    }
  }

  private func renderBanner(into canvas: inout Canvas, frame: DashboardFrame) {
    let captionRow = frame.captionRow
    let bannerRow = frame.banner.y
    if let caption {
      let text = " ▶ " + caption + " "
      canvas.fill(x: 0, y: captionRow, width: width, height: 1, style: CellStyle(.accent, reverse: true))
      canvas.put(
        TerminalText.truncate(text, to: width), x: 0, y: captionRow,
        style: CellStyle(.accent, bold: true, reverse: true))
    }
    guard let banner else { return }
    let style: CellStyle =
      switch banner.tone {
      case .info: .accent
      case .success: .success
      case .warning: .warning
      case .danger: .danger
      }
    // A message is never cut off: it starts beside the sidebar when it fits there, else
    // at the left edge (the sidebar's line stops above this row), and a message longer
    // than the screen is wide takes the content's last row as well.
    let besideSidebar = snapshot == nil ? 1 : frame.main.x
    let text = TerminalText.clean(banner.text)
    if TerminalText.width(text) <= width - besideSidebar - 1 {
      canvas.put(text, x: besideSidebar, y: bannerRow, style: style)
      return
    }
    let lines = Wrap.lines(text, width: width - 2)
    if lines.count == 1 {
      canvas.put(text, x: 1, y: bannerRow, style: style)
      return
    }
    canvas.fill(x: 0, y: captionRow, width: width, height: 1, style: .text)
    canvas.put(lines[0], x: 1, y: captionRow, style: style)
    let rest = lines.dropFirst().joined(separator: " ")
    canvas.put(TerminalText.truncate(rest, to: width - 2), x: 1, y: bannerRow, style: style)
  }

  /// The current screen's hints, generated from its key table.
  var hintRows: [HelpRow] {
    guard let snapshot else { return LoginView.bindings.helpRows() }
    if let overlay { return overlay.helpRows(in: popupContext) }
    let rows = screens[currentIndex].helpRows(in: context(snapshot))
    return rows + GlobalKeys.bindings.helpRows() + (isDemo ? GlobalKeys.demoBindings.helpRows() : [])
  }

  private func renderBottomBar(into canvas: inout Canvas) {
    let y = height - 1
    canvas.fill(x: 0, y: y, width: width, height: 1, style: CellStyle(.muted, reverse: false))
    var right = ""
    if isDemo, let snapshot {
      right = " DEMO \(snapshot.calendar.dateTimeText(snapshot.now)) "
    }
    func hintWidth(_ row: HelpRow) -> Int {
      TerminalText.width(row.keys) + 1 + TerminalText.width(row.label) + 2
    }
    let hints = hintRows.filter(\.isHinted)
    // "? help" always shows: it is how a newcomer finds every other key, so the screen's
    // own hints give way to it when the row is short.
    let help = hints.first { $0.keys == "?" }
    let limit = width - TerminalText.width(right) - 1 - (help.map(hintWidth) ?? 0)
    var x = 1
    for row in hints where row.keys != "?" {
      if x + hintWidth(row) > limit { break }
      x = canvas.put(row.keys, x: x, y: y, style: CellStyle(.accent, bold: true))
      x = canvas.put(" " + row.label + "  ", x: x, y: y, style: .muted)
    }
    if let help {
      x = canvas.put(help.keys, x: x, y: y, style: CellStyle(.accent, bold: true))
      canvas.put(" " + help.label + "  ", x: x, y: y, style: .muted)
    }
    if !right.isEmpty {
      canvas.put(
        right, x: width - TerminalText.width(right), y: y,
        style: CellStyle(.warning, bold: true, reverse: true))
    }
  }
}
