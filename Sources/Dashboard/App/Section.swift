import TerminalUI

/// A left-hand section. Each screen declares its own (`extension Section` in its file);
/// the order, and so the keys `1`, `2`, …, come from `ScreenRegistry`.
public struct Section: Hashable, Sendable, CustomStringConvertible {
  public let id: String
  public let title: String

  public init(id: String, title: String) {
    self.id = id
    self.title = title
  }

  /// Every section in sidebar order.
  public static var allCases: [Section] { ScreenRegistry.all.map { $0.section } }

  /// 1 for the first section: its place in the sidebar and its key.
  public var number: Int { (Self.allCases.firstIndex(of: self) ?? 0) + 1 }

  public var key: Key { .character(Character(String(number))) }

  public var description: String { id }
}
