import Billing
import Foundation
import TerminalUI

/// Notifications (`5`, R26): the outbox newest first, unread marked, Enter opens one.
public struct NotificationsView: Screen, Hashable {
  public static let section = Section.notifications

  public init() {}

  public var selected = 0
  public var openMessageID: String?
  public var scroll = 0

  public enum Action: Hashable, Sendable { case up, down, pageUp, pageDown, open, close }

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

  public func bindings(in context: ScreenContext) -> [KeyBinding<Action>] {
    openMessageID == nil ? Self.listBindings : Self.messageBindings
  }
}

extension Section {
  public static let notifications = Section(id: "notifications", title: "Notifications")
}

extension NotificationsView {
  /// Back on the list each time the screen is shown.
  public mutating func enter() { openMessageID = nil }

  public mutating func perform(_ action: Action, in context: ScreenContext) -> [ScreenRequest] {
    let messages = context.snapshot.outbox
    if openMessageID != nil {
      switch action {
      case .up: scroll = max(0, scroll - 1)
      case .down: scroll += 1
      case .pageUp: scroll = max(0, scroll - 10)
      case .pageDown: scroll += 10
      case .close, .open: openMessageID = nil
      }
      return []
    }
    let index = min(selected, max(0, messages.count - 1))
    switch action {
    case .up: selected = max(0, index - 1)
    case .down: selected = min(max(0, messages.count - 1), index + 1)
    case .open:
      guard messages.indices.contains(index) else { return [] }
      openMessageID = messages[index].id
      scroll = 0
      return messages[index].read ? [] : [.effect(.markRead(messageID: messages[index].id))]
    default: break
    }
    return []
  }

  public func render(into canvas: inout Canvas, area: Rect, context: ScreenContext) {
    let snapshot = context.snapshot
    let glyphs = context.glyphs
    let calendar = snapshot.calendar
    if let id = openMessageID, let message = snapshot.outbox.first(where: { $0.id == id }) {
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
      let scroll = min(self.scroll, max(0, lines.count - visible))
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
    let selected = min(self.selected, max(0, messages.count - 1))
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
