import Billing
import Foundation

/// What the demo clock needs to go on making a persona's traffic after the demo's now
/// (`]` and `}`): the same generator inputs the history was made with, so the hours
/// after now follow the same rhythm (day, week, growth, noise) and the same scale the
/// current period was fitted with. Kept in the store at import, since the demo-data
/// files are not at hand when the clock moves.
public struct DemoTrafficPlan: Codable, Sendable, Equatable {
  struct User: Codable, Sendable, Equatable {
    var id: String
    var name: String
    var product: Product
    var share: Double
  }

  struct Profile: Codable, Sendable, Equatable {
    var product: Product
    var gbPerDay: Double
    var growthPerYear: Double?
    var noise: Double?
  }

  struct Scale: Codable, Sendable, Equatable {
    var product: Product
    var from: Date
    var factor: Double
  }

  var accountKey: String
  var timeZone: String
  /// The first hour of the generated history; the generator's noise is a sequence from
  /// here, so later hours are found by generating on from the same start.
  var start: Date
  /// The demo's now: the growth trend is measured from it.
  var now: Date
  var seed: UInt64
  var users: [User]
  var profiles: [Profile]
  var scales: [Scale]

  /// Where the history stops: its first hour not yet generated.
  public var historyEnd: Date {
    start.addingTimeInterval(Double(Self.hourCount(from: start, to: now)) * 3600)
  }

  /// One hour's raw traffic, per proxy user (before limits and the allowance cut in).
  public struct Hour: Sendable, Equatable {
    public var start: Date
    public var bytes: [(proxyUser: String, product: Product, bytes: Int64)]

    public static func == (lhs: Hour, rhs: Hour) -> Bool {
      lhs.start == rhs.start
        && lhs.bytes.elementsEqual(rhs.bytes) {
          $0.proxyUser == $1.proxyUser && $0.product == $1.product && $0.bytes == $1.bytes
        }
    }
  }

  /// Every whole hour that starts at or after `from` and ends by `to`, in order.
  public func hours(from: Date, to: Date) -> [Hour] {
    let first = max(0, Int((from.timeIntervalSince(start) / 3600).rounded(.up)))
    let count = Self.hourCount(from: start, to: to)
    guard count > first, let zone = TimeZone(identifier: timeZone) else { return [] }
    let raw = DemoUsageGenerator.generate(
      users: users.map {
        DemoUsageGenerator.User(id: $0.id, name: $0.name, product: $0.product, share: $0.share)
      },
      profiles: profiles.map {
        UsageProfileEntry(
          product: $0.product, gbPerDay: $0.gbPerDay, growthPerYear: $0.growthPerYear,
          noise: $0.noise, currentPeriodGB: nil)
      },
      start: start, hourCount: count, now: now, timeZone: zone, seed: seed, accountKey: accountKey)
    return (first..<count).map { index in
      let hour = start.addingTimeInterval(Double(index) * 3600)
      return Hour(
        start: hour,
        bytes: users.indices.map { position in
          let user = users[position]
          var bytes = raw[position][index]
          if let scale = scales.first(where: { $0.product == user.product }), hour >= scale.from {
            bytes = Int64((Double(bytes) * scale.factor).rounded())
          }
          return (user.id, user.product, bytes)
        })
    }
  }

  static func hourCount(from start: Date, to end: Date) -> Int {
    max(0, Int((end.timeIntervalSince(start) / 3600).rounded(.down)))
  }
}

extension StoreSession {
  static func demoTrafficKey(_ accountID: String) -> String { "demoTraffic.\(accountID)" }
  static func demoTrafficCursorKey(_ accountID: String) -> String { "demoTrafficUntil.\(accountID)" }

  /// The plan an imported demo persona's traffic goes on with; nil for any other account.
  public func demoTrafficPlan(accountID: String) throws -> DemoTrafficPlan? {
    guard let text = try meta(Self.demoTrafficKey(accountID)) else { return nil }
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .secondsSince1970
    return try decoder.decode(DemoTrafficPlan.self, from: Data(text.utf8))
  }

  func setDemoTrafficPlan(_ plan: DemoTrafficPlan, accountID: String) throws {
    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .secondsSince1970
    encoder.outputFormatting = .sortedKeys
    try setMeta(
      Self.demoTrafficKey(accountID), String(decoding: try encoder.encode(plan), as: UTF8.self))
  }

  /// The first hour the demo clock has not yet made traffic for (nil: none made yet).
  public func demoTrafficCursor(accountID: String) throws -> Date? {
    try meta(Self.demoTrafficCursorKey(accountID)).flatMap(Double.init).map {
      Date(timeIntervalSince1970: $0)
    }
  }

  public func setDemoTrafficCursor(_ date: Date, accountID: String) throws {
    try setMeta(Self.demoTrafficCursorKey(accountID), String(date.timeIntervalSince1970))
  }
}
