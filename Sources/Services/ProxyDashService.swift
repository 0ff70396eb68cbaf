import Billing
import Foundation
import Storage

/// Every use case a screen calls, over one store (DESIGN.md's Services layer). Each
/// mutating call is one transaction: a charge and the change it pays for commit
/// together or not at all.
public final class ProxyDashService: @unchecked Sendable {
  public let clock: any Clock
  public let gateway: any PaymentGateway
  public private(set) var catalog: Catalog
  public private(set) var taxRates: TaxRates
  public private(set) var coupons: CouponBook
  public let policy: BillingPolicy

  public init(clock: any Clock, gateway: any PaymentGateway, policy: BillingPolicy = .standard) {
    self.clock = clock
    self.gateway = gateway
    self.policy = policy
    catalog = Catalog(plans: [])
    taxRates = TaxRates(countries: [])
    coupons = CouponBook(coupons: [])
  }

  public var now: Date { clock.now }

  public var checkout: Checkout {
    Checkout(catalog: catalog, coupons: coupons, taxRates: taxRates, policy: policy)
  }

  public var billingStep: BillingStep {
    BillingStep(catalog: catalog, taxRates: taxRates, policy: policy)
  }

  // MARK: Accounts (R24)

  public func signUp(email: String, password: String) throws(ServiceError) -> Account {
    throw .notImplemented("Sign-up")
  }

  public func logIn(email: String, password: String) throws(ServiceError) -> Account {
    throw .notImplemented("Log-in")
  }

  /// For `--account` and demo sessions: no password, like a support session.
  public func account(email: String) throws(ServiceError) -> Account {
    throw .notImplemented("Accounts")
  }

  public func account(id: String) throws(ServiceError) -> Account {
    throw .notImplemented("Accounts")
  }

  public func updateProfile(accountID: String, profile: BillingProfile) throws(ServiceError) -> Account {
    throw .notImplemented("Profile")
  }

  public func changePassword(accountID: String, current: String, new: String) throws(ServiceError) {
    throw .notImplemented("Password change")
  }

  // MARK: Billing

  /// Brings the account up to the clock's now (R7b) and returns what happened.
  public func runBillingStep(accountID: String) throws(ServiceError) -> [BillingEvent] {
    throw .notImplemented("Billing step")
  }

  public func quotePlan(
    accountID: String, planID: String, paymentMethod: PaymentMethod, couponCode: String?
  ) throws(ServiceError) -> CheckoutQuote {
    throw .notImplemented("Checkout")
  }

  /// Charges once per `idempotencyKey` however often it is called (R16b).
  public func buyPlan(accountID: String, quote: CheckoutQuote, idempotencyKey: String) throws(ServiceError) -> PurchaseOutcome {
    throw .notImplemented("Checkout")
  }

  public func quoteExtraTraffic(accountID: String, subscriptionID: String, gigabytes: Int) throws(ServiceError) -> ExtraQuote {
    throw .notImplemented("Extra traffic")
  }

  public func quoteProxyUsers(accountID: String, subscriptionID: String, count: Int) throws(ServiceError) -> ExtraQuote {
    throw .notImplemented("Proxy users")
  }

  public func buyExtra(accountID: String, quote: ExtraQuote, idempotencyKey: String) throws(ServiceError) -> PurchaseOutcome {
    throw .notImplemented("Extra")
  }

  /// Turns a typed card into a stored method (tokenized by the gateway), or the field errors.
  public func storedMethod(from input: PaymentMethodInput, accountID: String) throws(ServiceError) -> PaymentMethod {
    throw .notImplemented("Payment methods")
  }

  public func cancel(accountID: String, subscriptionID: String) throws(ServiceError) -> Account {
    throw .notImplemented("Cancel")
  }

  public func refundEligibility(accountID: String, subscriptionID: String) throws(ServiceError) -> RefundEligibility {
    throw .notImplemented("Refunds")
  }

  public func requestRefund(accountID: String, subscriptionID: String) throws(ServiceError) -> Refund {
    throw .notImplemented("Refunds")
  }

  /// Saves the new method; a past-due subscription retries at once (R16a).
  public func updatePaymentMethod(
    accountID: String, subscriptionID: String, input: PaymentMethodInput
  ) throws(ServiceError) -> [BillingEvent] {
    throw .notImplemented("Payment methods")
  }

  // MARK: Usage (R27)

  public func usage(accountID: String, product: Product, range: UsageRange) throws(ServiceError) -> UsageReport {
    throw .notImplemented("Usage")
  }

  /// Writes the report as CSV into the store's exports folder; returns the file's path.
  public func exportUsage(accountID: String, product: Product, range: UsageRange) throws(ServiceError) -> String {
    throw .notImplemented("Export")
  }

  // MARK: Proxy users (R25)

  public func proxyUsers(accountID: String) throws(ServiceError) -> [ProxyUser] {
    throw .notImplemented("Proxy users")
  }

  public func addProxyUser(accountID: String, product: Product, name: String, password: String, limit: Traffic?) throws(ServiceError) -> ProxyUser {
    throw .notImplemented("Proxy users")
  }

  public func changeProxyUserPassword(accountID: String, proxyUserID: String, password: String) throws(ServiceError) {
    throw .notImplemented("Proxy users")
  }

  public func setProxyUserLimit(accountID: String, proxyUserID: String, limit: Traffic?) throws(ServiceError) {
    throw .notImplemented("Proxy users")
  }

  public func removeProxyUser(accountID: String, proxyUserID: String) throws(ServiceError) {
    throw .notImplemented("Proxy users")
  }

  // MARK: Notifications (R26)

  public func outbox(accountID: String) throws(ServiceError) -> [OutboxMessage] {
    throw .notImplemented("Notifications")
  }

  public func markRead(accountID: String, messageID: String) throws(ServiceError) {
    throw .notImplemented("Notifications")
  }
}

/// The payment gateway behind an interface (R16b).
public protocol PaymentGateway: Sendable {
  /// A reference for charging this card later; the number itself is not kept.
  func tokenize(_ card: CardEntry.Checked) -> String
  /// Charges once per `request.orderID`: a repeat returns the first answer.
  func charge(_ request: ChargeRequest) -> ChargeOutcome
}
