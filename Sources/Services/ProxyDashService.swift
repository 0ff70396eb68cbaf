import Billing
import Foundation
import Storage
import Synchronization

/// Every use case a screen calls, over one store (DESIGN.md's Services layer). Each
/// mutating call is one transaction: a charge and the change it pays for commit
/// together or not at all.
///
/// A charge is recorded (status `intent`) and committed before the gateway is asked;
/// the gateway's answer and the change it paid for then commit together. Opening a
/// service resolves intents left by a killed process by asking the gateway again with
/// the same idempotency key, so nothing is charged twice or lost.
public final class ProxyDashService: Sendable {
  public let store: Store
  public let clock: any Clock
  public let gateway: any PaymentGateway
  public let policy: BillingPolicy
  public let passwordHasher: PasswordHasher

  /// What an import or a test may replace while other threads read it: behind one lock,
  /// so the class is Sendable by the compiler's check, not by a promise.
  private struct Shared: Sendable {
    var catalog: Catalog
    var taxRates: TaxRates
    var coupons: CouponBook
    /// The version of each account this service last handed out: a write based on an
    /// older one was made on stale data and is refused (`changedElsewhere`).
    var seenVersions: [String: Int] = [:]
    var faultHook: (@Sendable (FaultPoint) throws -> Void)?
    /// The catalog revision (a meta value each import changes) this service loaded.
    var loadedCatalogRevision: String?
  }

  private let shared: Mutex<Shared>

  public internal(set) var catalog: Catalog {
    get { shared.withLock { $0.catalog } }
    set { shared.withLock { $0.catalog = newValue } }
  }

  public internal(set) var taxRates: TaxRates {
    get { shared.withLock { $0.taxRates } }
    set { shared.withLock { $0.taxRates = newValue } }
  }

  public internal(set) var coupons: CouponBook {
    get { shared.withLock { $0.coupons } }
    set { shared.withLock { $0.coupons = newValue } }
  }

  var loadedCatalogRevision: String? {
    get { shared.withLock { $0.loadedCatalogRevision } }
    set { shared.withLock { $0.loadedCatalogRevision = newValue } }
  }

  /// Test hook: called at the points where a killed process would leave work undone.
  var faultHook: (@Sendable (FaultPoint) throws -> Void)? {
    get { shared.withLock { $0.faultHook } }
    set { shared.withLock { $0.faultHook = newValue } }
  }

  enum FaultPoint: Sendable {
    case afterIntent, afterGateway, beforeOutcomeCommit, beforeRefund, afterRefund
  }

  /// Opens a service on `store`, loading catalog, tax rates, coupons and policy from it
  /// and resolving charges a killed process left unresolved.
  public init(
    store: Store, clock: any Clock, gateway: any PaymentGateway, policy: BillingPolicy? = nil,
    passwordIterations: Int = PasswordHasher.standardIterations
  ) throws(ServiceError) {
    self.store = store
    self.clock = clock
    self.gateway = gateway
    self.passwordHasher = PasswordHasher(iterations: passwordIterations)
    do {
      let loaded = try store.read { session in
        (
          try session.catalog(), try session.taxRates(), try session.coupons(),
          try session.policy(), try session.meta(Self.catalogRevisionKey)
        )
      }
      shared = Mutex(
        Shared(
          catalog: loaded.0, taxRates: loaded.1, coupons: loaded.2,
          loadedCatalogRevision: loaded.4))
      self.policy = policy ?? loaded.3 ?? .standard
    } catch {
      throw Self.serviceError(error)
    }
    // The store indexes each account's next due moment with this service's policy, so
    // a billing run finds exactly what this service's billing step would do.
    store.duePolicy = self.policy
    try resolvePendingCharges()
  }

  /// Opens (or creates) the store in `directory`; the gateway defaults to the local one
  /// keeping its book in the same store. `.schema` verification skips the full page
  /// check, for a fresh copy of a template store where start-up time counts.
  public static func open(
    directory: URL, clock: any Clock, gateway: (any PaymentGateway)? = nil,
    policy: BillingPolicy? = nil, passwordIterations: Int = PasswordHasher.standardIterations,
    verification: Store.Verification = .full
  ) throws(ServiceError) -> ProxyDashService {
    let store: Store
    do {
      store = try Store.open(at: directory, verification: verification)
    } catch {
      throw Self.serviceError(error)
    }
    return try ProxyDashService(
      store: store, clock: clock, gateway: gateway ?? LocalGateway(store: store), policy: policy,
      passwordIterations: passwordIterations)
  }

  /// A service on a demo template, read-only until its first write copies the template
  /// into `scratch` (`Store.openTemplate`): a demo starts without copying anything.
  public static func openTemplate(
    _ template: URL, copyingOnFirstWriteTo scratch: URL, clock: any Clock
  ) throws(ServiceError) -> ProxyDashService {
    let store: Store
    do {
      store = try Store.openTemplate(at: template, copyingOnFirstWriteTo: scratch)
    } catch {
      throw Self.serviceError(error)
    }
    return try ProxyDashService(store: store, clock: clock, gateway: LocalGateway(store: store))
  }

  /// A service on a fresh temporary store, for tests and previews.
  public static func temporary(
    clock: any Clock, gateway: (any PaymentGateway)? = nil, policy: BillingPolicy = .standard,
    passwordIterations: Int = 1_000
  ) throws(ServiceError) -> ProxyDashService {
    let store: Store
    do {
      store = try Store.temporary()
    } catch {
      throw Self.serviceError(error)
    }
    return try ProxyDashService(
      store: store, clock: clock, gateway: gateway ?? LocalGateway(store: store), policy: policy,
      passwordIterations: passwordIterations)
  }

  /// Replaces catalog, tax rates and coupons (demo import, tests) in one transaction.
  public func setCatalog(_ catalog: Catalog, taxRates: TaxRates, coupons: CouponBook)
    throws(ServiceError)
  {
    try run {
      try store.write { session in
        try session.setCatalog(catalog)
        try session.setTaxRates(taxRates)
        try session.setCoupons(coupons)
      }
    }
    replaceLoaded(catalog: catalog, taxRates: taxRates, coupons: coupons)
  }

  /// The three together, so no reader sees a catalog with the old coupons.
  func replaceLoaded(catalog: Catalog, taxRates: TaxRates, coupons: CouponBook) {
    shared.withLock {
      $0.catalog = catalog
      $0.taxRates = taxRates
      $0.coupons = coupons
    }
  }

  public var now: Date { clock.now }

  public var checkout: Checkout {
    shared.withLock {
      Checkout(catalog: $0.catalog, coupons: $0.coupons, taxRates: $0.taxRates, policy: policy)
    }
  }

  public var billingStep: BillingStep {
    BillingStep(catalog: catalog, taxRates: taxRates, policy: policy)
  }

  // MARK: Plumbing

  /// Runs `body`, turning any error into the `ServiceError` a screen shows.
  func run<T>(_ body: () throws -> T) throws(ServiceError) -> T {
    do {
      return try body()
    } catch {
      throw Self.serviceError(error)
    }
  }

  static func serviceError(_ error: any Error) -> ServiceError {
    switch error {
    case let error as ServiceError: return error
    case let error as BillingError: return .billing(error)
    case let error as StoreError:
      switch error {
      case .unreadable(let path, let reason): return .storeUnreadable(path: path, reason: reason)
      case .tooNew(let path): return .storeTooNew(path: path)
      case .busy(let path): return .storeBusy(path)
      case .changedElsewhere: return .changedElsewhere
      case .conflict(let message): return .invalidInput(message)
      case .failed(let message): return .storeFailed(message)
      }
    case let error as CardEntryRejection: return .cardRejected(error)
    case let error as UsageStoreError: return .invalidInput(error.description)
    default: return .storeFailed("Something went wrong: \(error)")
    }
  }

  /// Loads an account for a write, refusing when the caller's view of it is stale.
  func loadForWrite(_ session: StoreSession, _ accountID: String) throws -> VersionedAccount {
    guard let loaded = try session.account(id: accountID) else {
      throw ServiceError.unknownAccount(accountID)
    }
    let seen = shared.withLock { $0.seenVersions[accountID] }
    if let seen, seen != loaded.version {
      // Refused once; the screen reloads and then works on the fresh account.
      remember(accountID, version: loaded.version)
      throw ServiceError.changedElsewhere
    }
    return loaded
  }

  func load(_ session: StoreSession, _ accountID: String) throws -> VersionedAccount {
    guard let loaded = try session.account(id: accountID) else {
      throw ServiceError.unknownAccount(accountID)
    }
    return loaded
  }

  /// Records the version a caller now holds.
  func remember(_ accountID: String, version: Int) {
    shared.withLock { $0.seenVersions[accountID] = version }
  }

  /// After this service wrote `newVersion` over `oldVersion`: a caller that held the
  /// old version now holds the new one.
  func advanceSeen(_ accountID: String, from oldVersion: Int, to newVersion: Int) {
    shared.withLock {
      if $0.seenVersions[accountID] == nil || $0.seenVersions[accountID] == oldVersion {
        $0.seenVersions[accountID] = newVersion
      }
    }
  }

  func planName(_ id: String) -> String { catalog.plan(id: id)?.name ?? id }

  func fault(_ point: FaultPoint) throws {
    try faultHook?(point)
  }
}

/// The payment gateway behind an interface (R16b).
public protocol PaymentGateway: Sendable {
  /// A reference for charging this card later; the number itself is not kept.
  func tokenize(_ card: CardEntry.Checked) -> String
  /// Charges once per `request.orderID`: a repeat returns the first answer. Throws when
  /// the answer is unknown (the gateway could not be reached, or could not keep its
  /// answer): the charge then stays open and is asked about again with the same key.
  func charge(_ request: ChargeRequest) throws -> ChargeOutcome
  /// Gives back the money of the approved charge `key`, once however often asked (R33).
  /// Throws when that cannot be confirmed; the refund is then asked for again later.
  func refund(key: String, amount: Money) throws
}
