import Billing
import Foundation
import TerminalUI

/// Notifications (`5`, R26): the outbox newest first, unread marked, Enter opens one.
public struct NotificationsView: Hashable, Sendable {
  public var selected = 0
  public var openMessageID: String?
  public var scroll = 0

  enum Action: Hashable, Sendable { case up, down, pageUp, pageDown, open, close }

  static let listBindings: [KeyBinding<Action>] = [
    KeyBinding([.up, .character("k")], "up", "Previous email", .up),
    KeyBinding([.down, .character("j")], "down", "Next email", .down),
    KeyBinding([.enter], "open", "Open the email", .open),
  ]

  static let messageBindings: [KeyBinding<Action>] = [
    KeyBinding([.up, .character("k")], "up", "Scroll up", .up),
    KeyBinding([.down, .character("j")], "down", "Scroll down", .down),
    KeyBinding([.pageUp], "page up", "Scroll a page up", .pageUp, hint: false),
    KeyBinding([.pageDown, .character(" ")], "page down", "Scroll a page down", .pageDown, hint: false),
    KeyBinding([.escape], "back", "Back to the list", .close),
  ]

  var bindings: [KeyBinding<Action>] { openMessageID == nil ? Self.listBindings : Self.messageBindings }
}

extension AppState {
  mutating func handleNotifications(_ key: Key, snapshot: Snapshot) -> [Effect] {
    guard let action: NotificationsView.Action = notifications.bindings.action(for: key) else { return [] }
    let messages = snapshot.outbox
    if notifications.openMessageID != nil {
      switch action {
      case .up: notifications.scroll = max(0, notifications.scroll - 1)
      case .down: notifications.scroll += 1
      case .pageUp: notifications.scroll = max(0, notifications.scroll - 10)
      case .pageDown: notifications.scroll += 10
      case .close, .open: notifications.openMessageID = nil
      }
      return []
    }
    let index = min(notifications.selected, max(0, messages.count - 1))
    switch action {
    case .up: notifications.selected = max(0, index - 1)
    case .down: notifications.selected = min(max(0, messages.count - 1), index + 1)
    case .open:
      guard messages.indices.contains(index) else { return [] }
      notifications.openMessageID = messages[index].id
      notifications.scroll = 0
      return messages[index].read ? [] : [.markRead(messageID: messages[index].id)]
    default: break
    }
    return []
  }

  func renderNotifications(into canvas: inout Canvas, area: Rect, snapshot: Snapshot) {
    let calendar = snapshot.calendar
    if let id = notifications.openMessageID, let message = snapshot.outbox.first(where: { $0.id == id }) {
      let headers = [
        ("From", message.from), ("To", message.to), ("Date", calendar.dateTimeText(message.date)),
        ("Subject", message.subject),
      ]
      for (index, header) in headers.enumerated() {
        canvas.put(TerminalText.pad(header.0 + ":", to: 9), x: area.x, y: area.y + index, style: .muted)
        canvas.put(
          header.1, x: area.x + 9, y: area.y + index, style: index == 3 ? .title : .text, maxX: area.maxX)
      }
      canvas.put(
        String(repeating: glyphs.horizontal, count: area.width), x: area.x, y: area.y + 4, style: .border)
      let lines = Wrap.lines(message.body, width: area.width)
      let visible = area.height - 6
      let scroll = min(notifications.scroll, max(0, lines.count - visible))
      for (index, line) in lines.dropFirst(scroll).prefix(visible).enumerated() {
        canvas.put(line, x: area.x, y: area.y + 5 + index, maxX: area.maxX)
      }
      canvas.put(
        "\(message.file) · \(scroll + 1)–\(min(lines.count, scroll + visible)) of \(lines.count) lines",
        x: area.x, y: area.maxY - 1, style: .muted, maxX: area.maxX)
      return
    }
    let messages = snapshot.outbox
    canvas.put(
      "\(messages.count) emails, \(snapshot.unreadCount) unread (newest first)", x: area.x, y: area.y,
      style: .muted)
    let visible = area.height - 2
    let selected = min(notifications.selected, max(0, messages.count - 1))
    let scroll = max(0, selected - visible + 1)
    for (offset, message) in messages.dropFirst(scroll).prefix(visible).enumerated() {
      let index = offset + scroll
      let marker = message.read ? " " : glyphs.bullet
      let date = TerminalText.pad(calendar.dayText(message.date), to: 12)
      let text = "\(marker) \(date) \(message.subject)"
      var style: CellStyle = message.read ? .text : CellStyle(.text, bold: true)
      if index == selected { style = .focus }
      canvas.put(TerminalText.pad(text, to: area.width), x: area.x, y: area.y + 2 + offset, style: style)
    }
    if messages.isEmpty { canvas.put("No emails yet.", x: area.x, y: area.y + 2, style: .muted) }
  }
}
