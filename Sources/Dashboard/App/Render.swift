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
    } else if overlay == nil
      || overlay.map({ if case .quitConfirm = $0 { return true } else { return false } }) == true
    {
      login.render(into: &canvas, area: content, glyphs: glyphs)
    }
    renderOverlay(into: &canvas, area: content)
    renderBanner(into: &canvas, frame: frame)
    renderBottomBar(into: &canvas)
    return canvas
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
    let live = snapshot.account.subscriptions.filter { $0.state.isLive }
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
    if let overlay { return hintRows(overlay) }
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

  private func renderOverlay(into canvas: inout Canvas, area: Rect) {
    guard let overlay else { return }
    let calendar = snapshot?.calendar ?? .utc
    switch overlay {
    case .help(let scroll): renderHelp(into: &canvas, scroll: scroll)
    case .profileMenu(let menu):
      menu.render(into: &canvas, area: area, glyphs: glyphs, email: snapshot?.account.email ?? "")
    case .cancel(let popup): popup.render(into: &canvas, area: area, glyphs: glyphs)
    case .refund(let popup): popup.render(into: &canvas, area: area, glyphs: glyphs, calendar: calendar)
    case .payment(let form): form.render(into: &canvas, area: area, glyphs: glyphs)
    case .checkout(let form): form.render(into: &canvas, area: area, glyphs: glyphs, calendar: calendar)
    case .extra(let form): form.render(into: &canvas, area: area, glyphs: glyphs)
    case .profile(let form): form.render(into: &canvas, area: area, glyphs: glyphs)
    case .password(let form): form.render(into: &canvas, area: area, glyphs: glyphs)
    case .proxyUser(let form):
      let box = area.centered(width: min(66, area.width - 2), height: 14)
      canvas.popup(box, title: form.title, glyphs: glyphs)
      form.form.render(into: &canvas, x: box.x + 3, y: box.y + 2, width: box.width - 6, labelWidth: 14)
      canvas.put(
        "Passwords: at least \(ProxyUserRules.passwordMinimum) characters, no spaces, ':' or '@'.",
        x: box.x + 3,
        y: box.maxY - 2, style: .muted, maxX: box.maxX - 2)
    case .customRange(let form):
      let box = area.centered(width: min(60, area.width - 2), height: 11)
      canvas.popup(box, title: "Custom dates", glyphs: glyphs)
      form.form.render(into: &canvas, x: box.x + 3, y: box.y + 2, width: box.width - 6, labelWidth: 8)
      canvas.put("Dates as YYYY-MM-DD, both days included.", x: box.x + 3, y: box.maxY - 2, style: .muted)
    case .confirmRemove(_, let name, let focus):
      let box = area.centered(width: min(60, area.width - 2), height: 9)
      canvas.popup(box, title: "Remove \(name)?", glyphs: glyphs)
      canvas.paragraph(
        "\(name) can no longer authenticate to the proxies. Its usage history stays.", x: box.x + 3,
        y: box.y + 2, width: box.width - 6)
      canvas.buttons(["Keep", "Remove"], focused: focus, x: box.x + 3, y: box.maxY - 3, danger: 1)
    case .quitConfirm:
      let box = area.centered(width: 50, height: 7)
      canvas.popup(box, title: "Quit?", glyphs: glyphs)
      canvas.put("A form has unsaved input. Quit anyway?", x: box.x + 3, y: box.y + 2)
      canvas.put(OverlayKeys.quit.hintLine(), x: box.x + 3, y: box.y + 4, style: .muted)
    case .message(let title, let lines):
      let width = min(70, area.width - 2)
      let wrapped = lines.flatMap { Wrap.lines($0, width: width - 6) }
      let box = area.centered(width: width, height: wrapped.count + 6)
      canvas.popup(box, title: title, glyphs: glyphs)
      for (index, line) in wrapped.enumerated() { canvas.put(line, x: box.x + 3, y: box.y + 2 + index) }
      canvas.buttons(["OK"], focused: 0, x: box.x + 3, y: box.maxY - 2)
    }
  }

  /// `?`'s box and lines: built from the same tables the keys are dispatched through.
  func helpLayout() -> (box: Rect, lines: [HelpRow], visible: Int, scrolls: Bool) {
    let area = DashboardFrame(width: width, height: height).body
    let rows = snapshot.map { screens[currentIndex].helpRows(in: context($0)) } ?? []
    let global = GlobalKeys.bindings.helpRows() + (isDemo ? GlobalKeys.demoBindings.helpRows() : [])
    let lines = rows + [HelpRow(keys: "", label: "", help: "", hint: false)] + global
    let box = area.centered(width: min(76, area.width - 2), height: min(area.height, lines.count + 5))
    // Rows from under the top border to above the blank row and the hint line.
    let visible = max(1, box.height - 4)
    return (box, lines, visible, lines.count > visible)
  }

  private func renderHelp(into canvas: inout Canvas, scroll: Int) {
    let (box, lines, visible, scrolls) = helpLayout()
    canvas.popup(box, title: "Help · \(section.title)", glyphs: glyphs)
    let first = min(scroll, max(0, lines.count - visible))
    for (index, row) in lines.dropFirst(first).prefix(visible).enumerated() {
      let y = box.y + 1 + index
      canvas.put(TerminalText.pad(row.keys, to: 14), x: box.x + 3, y: y, style: .title)
      // A key that does not work now stays listed, greyed, with the reason instead.
      if let reason = row.disabledReason {
        canvas.put("Not now: \(reason)", x: box.x + 18, y: y, style: .muted, maxX: box.maxX - 2)
      } else {
        canvas.put(row.help, x: box.x + 18, y: y, maxX: box.maxX - 2)
      }
    }
    var footer = OverlayKeys.help(scrolls: scrolls).hintLine()
    if scrolls { footer += " · rows \(first + 1)–\(min(lines.count, first + visible)) of \(lines.count)" }
    canvas.put(footer, x: box.x + 3, y: box.maxY - 2, style: .muted, maxX: box.maxX - 2)
  }
}
