import Foundation

/// A proxy user: a login for proxy authentication, with an optional traffic limit (R25).
public struct ProxyUser: Codable, Hashable, Sendable, Identifiable {
  public var id: String
  public var product: Product
  public var name: String
  public var limit: Traffic?
  public var createdAt: Date

  public init(id: String, product: Product, name: String, limit: Traffic? = nil, createdAt: Date) {
    self.id = id
    self.product = product
    self.name = name
    self.limit = limit
    self.createdAt = createdAt
  }
}

/// How many proxy users a subscription may have: included plus purchased (R25).
public enum ProxyUserAllowance {
  public static func limit(for subscription: Subscription, catalog: Catalog) -> Int {
    (catalog.plan(id: subscription.planID)?.includedProxyUsers ?? 0) + subscription.extraProxyUsers
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
