import TerminalUI

/// The left-hand sections, on keys `1`–`5` (DESIGN.md's key map).
public enum Section: Int, CaseIterable, Sendable, Hashable {
  case usage = 1
  case pricing, account, proxyUsers, notifications

  public var title: String {
    switch self {
    case .usage: "Usage stats"
    case .pricing: "Pricing"
    case .account: "Account settings"
    case .proxyUsers: "Proxy users"
    case .notifications: "Notifications"
    }
  }

  public var key: Key { .character(Character(String(rawValue))) }
}
