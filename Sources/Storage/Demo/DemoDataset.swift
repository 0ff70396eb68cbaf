import Billing
import Foundation

/// Everything `demo-data/` holds, turned into Billing values: the catalog, tax rates,
/// coupons, the demo's fixed "now", and the personas replayed through Billing up to it.
///
/// Pure and deterministic: the same files always give equal values, and no clock is
/// read, so a store built from it (or a test) starts the same every time.
public struct DemoDataset: Sendable, Equatable {
  public var catalog: Catalog
  public var taxRates: TaxRates
  public var coupons: CouponBook
  public var policy: BillingPolicy
  /// The demo's fixed "now" (`demo.json`), or the moment passed to `load(from:now:)`.
  public var now: Date
  /// The one password every demo login shares.
  public var password: String
  /// In DESIGN.md's order, ava first.
  public var personas: [DemoPersona]
  /// Who the demo's invoices name as seller (`seller.json`, optional).
  public var seller: InvoiceSeller?
  /// Where the demo's proxies are reached (R25a), from an optional `endpoints.json`, so the
  /// demo's proxy access view shows what a provider's store would.
  public var endpoints: [ProxyEndpoint]

  public init(
    catalog: Catalog, taxRates: TaxRates, coupons: CouponBook, policy: BillingPolicy, now: Date,
    password: String, personas: [DemoPersona], seller: InvoiceSeller? = nil, endpoints: [ProxyEndpoint] = []
  ) {
    self.seller = seller
    self.endpoints = endpoints
    self.catalog = catalog
    self.taxRates = taxRates
    self.coupons = coupons
    self.policy = policy
    self.now = now
    self.password = password
    self.personas = personas
  }

  /// The file names inside the demo-data folder.
  public enum File {
    public static let plans = "plans.json"
    public static let taxRates = "tax-rates.json"
    public static let coupons = "coupons.json"
    public static let demo = "demo.json"
    public static let personas = "personas.json"
    public static let seller = "seller.json"
    /// Optional: without it the demo has no proxy endpoints.
    public static let endpoints = "endpoints.json"
  }

  /// Loads the folder with the demo's own "now".
  public static func load(from directory: URL) throws(DemoDataError) -> DemoDataset {
    try load(from: directory, now: nil)
  }

  /// Loads the folder, replaying the personas' histories up to `now` (default: the
  /// `now` of `demo.json`). Action times are relative to that moment, so every
  /// persona is in the same situation whatever `now` is.
  public static func load(from directory: URL, now override: Date?) throws(DemoDataError)
    -> DemoDataset
  {
    let plans = try decode(PlansFile.self, File.plans, in: directory)
    let catalog = try validated(Catalog(plans: plans.plans))
    let taxRates = try validated(decode(TaxRates.self, File.taxRates, in: directory))
    let settings = try decode(DemoSettingsFile.self, File.demo, in: directory)
    guard let fileNow = DemoTime.instant(settings.now) else {
      throw DemoDataError(
        file: File.demo, message: "\"now\" must be an ISO 8601 instant such as 2026-11-16T10:00:00Z"
      )
    }
    guard !settings.password.isEmpty else {
      throw DemoDataError(file: File.demo, message: "\"password\" must not be empty")
    }
    let coupons = try couponBook(decode(CouponsFile.self, File.coupons, in: directory))
    let personasFile = try decode(PersonasFile.self, File.personas, in: directory)
    let now = override ?? fileNow
    let policy = BillingPolicy.standard
    let context = DemoReplay.Context(
      catalog: catalog, taxRates: taxRates, coupons: coupons, policy: policy, now: now,
      seed: settings.usageSeed)
    var personas: [DemoPersona] = []
    var seen = Set<String>()
    for (index, entry) in personasFile.personas.enumerated() {
      let email = EmailAddress.normalized(entry.email)
      guard seen.insert(email).inserted else {
        throw DemoDataError(
          file: File.personas, message: "personas[\(index)]: \(entry.email) appears twice")
      }
      personas.append(try DemoReplay(entry: entry, index: index, context: context).persona())
    }
    var seller: InvoiceSeller?
    if FileManager.default.fileExists(atPath: directory.appendingPathComponent(File.seller).path) {
      seller = try decode(SellerFile.self, File.seller, in: directory).validated(file: File.seller)
    }
    var endpoints: [ProxyEndpoint] = []
    if FileManager.default.fileExists(atPath: directory.appendingPathComponent(File.endpoints).path) {
      endpoints = try CatalogFiles.validated(
        decode(EndpointsFile.self, File.endpoints, in: directory).endpoints)
    }
    return DemoDataset(
      catalog: catalog, taxRates: taxRates, coupons: coupons, policy: policy, now: now,
      password: settings.password, personas: personas, seller: seller, endpoints: endpoints)
  }

  /// The persona with `email`, compared case-insensitively (R24).
  public func persona(email: String) -> DemoPersona? {
    let wanted = EmailAddress.normalized(email)
    return personas.first { EmailAddress.normalized($0.account.email) == wanted }
  }

  // MARK: Reading files

  static func decode<Value: Decodable>(
    _ type: Value.Type, _ file: String, in directory: URL
  ) throws(DemoDataError) -> Value {
    let url = directory.appendingPathComponent(file)
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      throw DemoDataError(file: file, message: "cannot be read (\(url.path))")
    }
    do {
      return try JSONDecoder().decode(Value.self, from: data)
    } catch let error as DecodingError {
      throw DemoDataError(file: file, message: describe(error))
    } catch {
      throw DemoDataError(file: file, message: "is not valid JSON")
    }
  }

  /// `personas[2].actions[3].at: missing` rather than Foundation's debug text.
  private static func describe(_ error: DecodingError) -> String {
    func path(_ keys: [any CodingKey]) -> String {
      var text = ""
      for key in keys {
        if let index = key.intValue {
          text += "[\(index)]"
        } else {
          text += (text.isEmpty ? "" : ".") + key.stringValue
        }
      }
      return text.isEmpty ? "the file" : text
    }
    switch error {
    case .keyNotFound(let key, let context):
      return "\(path(context.codingPath + [key])): missing"
    case .typeMismatch(let type, let context):
      return "\(path(context.codingPath)): expected \(Self.typeName(type))"
    case .valueNotFound(let type, let context):
      return "\(path(context.codingPath)): expected \(Self.typeName(type)), found null"
    case .dataCorrupted(let context):
      if context.codingPath.isEmpty { return "is not valid JSON" }
      return "\(path(context.codingPath)): \(context.debugDescription)"
    @unknown default:
      return "cannot be read as JSON"
    }
  }

  private static func typeName(_ type: Any.Type) -> String {
    switch type {
    case is String.Type: "text"
    case is Bool.Type: "true or false"
    case is Int.Type, is Int64.Type, is UInt64.Type: "a whole number"
    case is Double.Type: "a number"
    default: "\(type)".contains("Array") ? "a list" : "an object"
    }
  }

  // MARK: Checks that JSON cannot express

  static func validated(_ catalog: Catalog) throws(DemoDataError) -> Catalog {
    var ids = Set<String>()
    for plan in catalog.plans {
      guard ids.insert(plan.id).inserted else {
        throw DemoDataError(file: File.plans, message: "plan \"\(plan.id)\" appears twice")
      }
      guard plan.allowance > .zero, plan.price.minorUnits > 0 else {
        throw DemoDataError(
          file: File.plans, message: "plan \"\(plan.id)\": gb and priceCents must be positive")
      }
      guard plan.includedProxyUsers >= 0 else {
        throw DemoDataError(
          file: File.plans, message: "plan \"\(plan.id)\": includedProxyUsers must not be negative")
      }
    }
    for product in Product.allCases {
      let ranks = catalog.plans(of: product).map(\.rank)
      guard Set(ranks).count == ranks.count else {
        throw DemoDataError(
          file: File.plans, message: "two \(product.rawValue) plans have the same rank")
      }
    }
    return catalog
  }

  static func validated(_ rates: TaxRates) throws(DemoDataError) -> TaxRates {
    var codes = Set<String>()
    for country in rates.countries {
      guard country.code.count == 2, country.code == country.code.uppercased() else {
        throw DemoDataError(
          file: File.taxRates,
          message: "country \"\(country.code)\": code must be two capital letters (ISO 3166)")
      }
      guard codes.insert(country.code).inserted else {
        throw DemoDataError(
          file: File.taxRates, message: "country \"\(country.code)\" appears twice")
      }
      guard (0...10_000).contains(country.vat.basisPoints) else {
        throw DemoDataError(
          file: File.taxRates, message: "country \"\(country.code)\": vat must be 0 to 100")
      }
    }
    return rates
  }

  static func couponBook(_ file: CouponsFile) throws(DemoDataError) -> CouponBook {
    var coupons: [Coupon] = []
    for (index, entry) in file.coupons.enumerated() {
      let name = "coupons[\(index)] \(entry.code)"
      let discount: Coupon.Discount
      switch (entry.percent, entry.amountCents) {
      case (let percent?, nil):
        guard percent > 0, percent <= 100 else {
          throw DemoDataError(
            file: File.coupons, message: "\(name): percent must be above 0 and at most 100")
        }
        discount = .percent(Rate(basisPoints: Int((percent * 100).rounded())))
      case (nil, let cents?):
        guard cents > 0 else {
          throw DemoDataError(file: File.coupons, message: "\(name): amountCents must be positive")
        }
        discount = .fixed(Money(minorUnits: cents))
      default:
        throw DemoDataError(
          file: File.coupons,
          message: "\(name): give either percent or amountCents, not both or neither")
      }
      var expires: Date?
      if let text = entry.expires {
        guard let date = DemoTime.instant(text) else {
          throw DemoDataError(
            file: File.coupons,
            message: "\(name): expires must be an ISO 8601 date, e.g. 2026-06-01")
        }
        expires = date
      }
      let code = entry.code.trimmingCharacters(in: .whitespaces)
      guard !code.isEmpty, !coupons.contains(where: { $0.code == code.uppercased() }) else {
        throw DemoDataError(file: File.coupons, message: "\(name): code is empty or appears twice")
      }
      coupons.append(
        Coupon(
          code: code, discount: discount, recurring: entry.recurring, expires: expires,
          product: entry.product))
    }
    return CouponBook(coupons: coupons)
  }
}

/// One demo customer at the demo's "now", with the history that led there.
public struct DemoPersona: Sendable, Equatable {
  /// Replayed through Billing up to `now`: subscriptions, orders, refunds.
  public var account: Account
  /// One line for the persona switcher: "Regular 50 GB, renews in 2 days".
  public var situation: String
  public var proxyUsers: [ProxyUser]
  /// Proxy user id → password, for the store to hash.
  public var proxyUserPasswords: [String: String]
  /// Every email already sent, in time order.
  public var notices: [Notice]
  /// What the billing step did along the way, in time order.
  public var events: [BillingEvent]
  /// Hourly records (hour start, UTC) per product, in time order; only hours in which
  /// a subscription of that product served traffic.
  public var usage: [Product: [UsageRecord]]
  /// How the demo clock goes on making this persona's traffic after now.
  public var trafficPlan: DemoTrafficPlan?

  public init(
    account: Account, situation: String, proxyUsers: [ProxyUser],
    proxyUserPasswords: [String: String], notices: [Notice], events: [BillingEvent],
    usage: [Product: [UsageRecord]], trafficPlan: DemoTrafficPlan? = nil
  ) {
    self.account = account
    self.situation = situation
    self.proxyUsers = proxyUsers
    self.proxyUserPasswords = proxyUserPasswords
    self.notices = notices
    self.events = events
    self.usage = usage
    self.trafficPlan = trafficPlan
  }
}
