import Foundation

/// Why the store refused usage records, in words the operator importing them can act on.
public enum UsageStoreError: Error, Hashable, Sendable, CustomStringConvertible {
  /// Traffic is never negative; a negative figure means the feed is broken.
  case negativeTraffic(proxyUser: String, hour: Date)
  /// Records are per hour start; a time with a fraction of a second cannot be one.
  case hourNotWholeSecond(proxyUser: String, hour: Date)
  /// The hour lies outside the years the store can hold.
  case hourOutOfRange(proxyUser: String, hour: Date)

  public var description: String {
    switch self {
    case .negativeTraffic(let user, let hour):
      "The usage record for proxy user \"\(user)\" at \(hour) has negative traffic."
    case .hourNotWholeSecond(let user, let hour):
      "The usage record for proxy user \"\(user)\" at \(hour) does not start on a whole second."
    case .hourOutOfRange(let user, let hour):
      "The usage record for proxy user \"\(user)\" at \(hour) is outside the supported dates."
    }
  }
}
