import Foundation

/// A proxy user: a login for proxy authentication, with an optional traffic limit (R25).
public struct ProxyUser: Codable, Hashable, Sendable, Identifiable {
  public var id: String
  public var product: Product
  public var name: String
  public var limit: Traffic?
  public var createdAt: Date
  /// Stopped serving because the plan allows fewer users than exist (R25).
  public var paused: Bool

  public init(
    id: String, product: Product, name: String, limit: Traffic? = nil, createdAt: Date,
    paused: Bool = false
  ) {
    self.id = id
    self.product = product
    self.name = name
    self.limit = limit
    self.createdAt = createdAt
    self.paused = paused
  }
}

/// How many proxy users a subscription may have: included plus purchased (R25).
public enum ProxyUserAllowance {
  public static func limit(for subscription: Subscription, catalog: Catalog) -> Int {
    (catalog.plan(id: subscription.planID)?.includedProxyUsers ?? 0) + subscription.extraProxyUsers
  }

  /// One product's users fitted to `allowed` (R25): when too many serve, the newest are
  /// paused; when room opens (users bought, a bigger plan), the oldest paused serve again.
  /// Returns only the users whose flag changes.
  public static func fitted(_ users: [ProxyUser], allowed: Int) -> [ProxyUser] {
    let oldestFirst = users.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    let serving = oldestFirst.filter { !$0.paused }
    if serving.count > allowed {
      return serving.suffix(serving.count - max(0, allowed)).map { paused($0, true) }
    }
    let room = allowed - serving.count
    return oldestFirst.filter(\.paused).prefix(room).map { paused($0, false) }
  }

  /// The customer picks which users stay (R25): a paused user serves again in place of
  /// the newest serving one; a serving user is paused in favour of the oldest paused one.
  /// The number serving never grows past `allowed`. Returns the users whose flag changes.
  public static func swapped(
    _ userID: String, in users: [ProxyUser], allowed: Int
  ) throws(BillingError) -> [ProxyUser] {
    guard let user = users.first(where: { $0.id == userID }) else {
      throw .unknownProxyUser(userID)
    }
    let oldestFirst = users.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    let others = oldestFirst.filter { $0.id != userID }
    if user.paused {
      let serving = others.filter { !$0.paused }
      guard serving.count >= allowed else { return [paused(user, false)] }
      guard let newest = serving.last else { throw .proxyUsersNoRoom }
      return [paused(user, false), paused(newest, true)]
    }
    guard let oldestPaused = others.first(where: \.paused) else { throw .proxyUsersNothingPaused }
    return [paused(user, true), paused(oldestPaused, false)]
  }

  private static func paused(_ user: ProxyUser, _ flag: Bool) -> ProxyUser {
    var changed = user
    changed.paused = flag
    return changed
  }
}

/// One email of the outbox, as the notifications view lists it (R26).
public struct OutboxMessage: Codable, Hashable, Sendable, Identifiable {
  public var id: String
  public var kind: NoticeKind
  public var date: Date
  public var from: String
  public var to: String
  public var subject: String
  public var body: String
  public var read: Bool
  /// The `.eml` file's path, relative to the store folder.
  public var file: String

  public init(
    id: String, kind: NoticeKind, date: Date, from: String, to: String, subject: String,
    body: String, read: Bool, file: String
  ) {
    self.id = id
    self.kind = kind
    self.date = date
    self.from = from
    self.to = to
    self.subject = subject
    self.body = body
    self.read = read
    self.file = file
  }
}

/// What the usage screen shows for one subscription and range (R27).
public struct UsageReport: Hashable, Sendable {
  public var range: UsageRange
  public var interval: DateInterval
  public var total: Traffic
  public var buckets: [UsageBucket]
  public var byUser: [UserUsage]
  public var lastSevenDays: Traffic

  public init(
    range: UsageRange, interval: DateInterval, total: Traffic, buckets: [UsageBucket],
    byUser: [UserUsage], lastSevenDays: Traffic
  ) {
    self.range = range
    self.interval = interval
    self.total = total
    self.buckets = buckets
    self.byUser = byUser
    self.lastSevenDays = lastSevenDays
  }
}
