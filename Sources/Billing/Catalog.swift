/// The two things the provider sells (R1).
public enum Product: String, Codable, Hashable, Sendable, CaseIterable, Comparable {
  case residential
  case datacenter

  /// Residential first, as every screen lists them.
  public static func < (lhs: Product, rhs: Product) -> Bool {
    lhs == .residential && rhs == .datacenter
  }

  public var displayName: String {
    switch self {
    case .residential: "Residential proxies"
    case .datacenter: "Datacenter proxies"
    }
  }

  public var shortName: String {
    switch self {
    case .residential: "Residential"
    case .datacenter: "Datacenter"
    }
  }
}

/// A monthly plan of one product (R1).
public struct Plan: Codable, Hashable, Sendable, Identifiable {
  public var id: String
  public var name: String
  public var product: Product
  /// Position by size within the product: higher is bigger (R9).
  public var rank: Int
  public var allowance: Traffic
  /// Monthly price before VAT.
  public var price: Money
  public var includedProxyUsers: Int
  /// Whether the money-back guarantee covers this plan (R20: Micro does not).
  public var refundable: Bool

  public init(
    id: String, name: String, product: Product, rank: Int, allowance: Traffic, price: Money,
    includedProxyUsers: Int, refundable: Bool
  ) {
    self.id = id
    self.name = name
    self.product = product
    self.rank = rank
    self.allowance = allowance
    self.price = price
    self.includedProxyUsers = includedProxyUsers
    self.refundable = refundable
  }

  enum CodingKeys: String, CodingKey {
    case id, name, product, rank, gb, priceCents, includedProxyUsers, refundable
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    id = try c.decode(String.self, forKey: .id)
    name = try c.decode(String.self, forKey: .name)
    product = try c.decode(Product.self, forKey: .product)
    rank = try c.decode(Int.self, forKey: .rank)
    allowance = .gb(try c.decode(Int64.self, forKey: .gb))
    price = Money(minorUnits: try c.decode(Int64.self, forKey: .priceCents))
    includedProxyUsers = try c.decode(Int.self, forKey: .includedProxyUsers)
    refundable = try c.decode(Bool.self, forKey: .refundable)
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(id, forKey: .id)
    try c.encode(name, forKey: .name)
    try c.encode(product, forKey: .product)
    try c.encode(rank, forKey: .rank)
    try c.encode(allowance.bytes / Traffic.bytesPerGB, forKey: .gb)
    try c.encode(price.minorUnits, forKey: .priceCents)
    try c.encode(includedProxyUsers, forKey: .includedProxyUsers)
    try c.encode(refundable, forKey: .refundable)
  }

  /// Price per GB (R3), exact to the cent after rounding once.
  public var pricePerGB: Money { price.scaled(by: Traffic.bytesPerGB, over: allowance.bytes) }

  /// The price of `gb` extra gigabytes at this plan's price per GB (R3, R8), rounded once.
  public func priceOfExtra(_ traffic: Traffic) -> Money {
    // price × traffic / allowance keeps the arithmetic exact until the one rounding.
    price.scaled(by: traffic.bytes / 1000, over: allowance.bytes / 1000)
  }
}

/// Every plan on sale, as loaded from `demo-data/plans.json` (R1).
public struct Catalog: Codable, Hashable, Sendable {
  public var plans: [Plan]

  public init(plans: [Plan]) {
    self.plans = plans.sorted { ($0.product, $0.rank) < ($1.product, $1.rank) }
  }

  public func plan(id: String) -> Plan? { plans.first { $0.id == id } }

  /// One product's plans, smallest first.
  public func plans(of product: Product) -> [Plan] {
    plans.filter { $0.product == product }.sorted { $0.rank < $1.rank }
  }
}

/// The kind of a purchase relative to what the account holds (R9).
public enum PurchaseKind: String, Codable, Hashable, Sendable {
  case newPurchase
  case upgrade
  case renew
  case downgrade

  /// The word DESIGN.md's labels use: `Change: Upgrade`.
  public var label: String {
    switch self {
    case .newPurchase: "New purchase"
    case .upgrade: "Upgrade"
    case .renew: "Renew"
    case .downgrade: "Downgrade"
    }
  }

  /// The pricing tab's button word for a plan.
  public var action: String {
    switch self {
    case .newPurchase: "Buy"
    case .upgrade: "Upgrade"
    case .renew: "Renew"
    case .downgrade: "Downgrade"
    }
  }

  public var isPlanChange: Bool { self != .newPurchase }

  /// Kind of buying `target` while holding `current` of the same product (R9).
  public static func of(buying target: Plan, holding current: Plan?) -> PurchaseKind {
    guard let current else { return .newPurchase }
    if target.rank == current.rank { return .renew }
    return target.rank > current.rank ? .upgrade : .downgrade
  }
}
