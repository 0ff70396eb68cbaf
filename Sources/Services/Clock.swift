import Foundation

/// Where every use case reads "now" (R0.3): never the system clock directly.
public protocol Clock: Sendable {
  var now: Date { get }
}

/// The real time, for the interactive dashboard.
public struct SystemClock: Clock {
  public init() {}
  public var now: Date { Date() }
}

/// A clock that only moves when told: the demo's time travel, tests, `--now`.
public final class FixedClock: Clock, @unchecked Sendable {
  private let lock = NSLock()
  private var current: Date

  public init(_ start: Date) { current = start }

  public var now: Date { lock.withLock { current } }

  public func set(_ date: Date) { lock.withLock { current = date } }

  public func advance(by seconds: TimeInterval) { lock.withLock { current += seconds } }
}
