import Billing
import Foundation
import Storage
import Testing

@testable import Services

/// A service on a fresh temporary store with a small catalog and a fixed clock.
/// A class so that its temporary store folder goes when the test that made it ends.
final class TestWorld {
  static let start = Date(timeIntervalSince1970: 1_768_046_400)  // 2026-01-10 12:00:00 UTC
  static let password = "correct horse 42"
  static let goodCard = CardEntry(
    number: "4242 4242 4242 4242", expiry: "12/30", securityCode: "123", holder: "Ava Adams")
  static let badCard = CardEntry(
    number: "4000 0000 0000 0002", expiry: "12/30", securityCode: "123", holder: "Gil Green")

  static let catalog = Catalog(plans: [
    Plan(
      id: "res-micro", name: "Micro", product: .residential, rank: 1, allowance: .gb(5),
      price: .units(30), includedProxyUsers: 1, refundable: false),
    Plan(
      id: "res-starter", name: "Starter", product: .residential, rank: 2, allowance: .gb(20),
      price: .units(100), includedProxyUsers: 2, refundable: true),
    Plan(
      id: "res-regular", name: "Regular", product: .residential, rank: 3, allowance: .gb(50),
      price: .units(200), includedProxyUsers: 3, refundable: true),
    Plan(
      id: "dc-clever", name: "Clever", product: .datacenter, rank: 2, allowance: .gb(100),
      price: .units(50), includedProxyUsers: 2, refundable: true),
  ])
  static let taxRates = TaxRates(countries: [
    TaxRates.Country(code: "US", name: "United States", vat: .zero, eu: false),
    TaxRates.Country(code: "DE", name: "Germany", vat: .percent(19), eu: true),
  ])
  static let coupons = CouponBook(coupons: [
    Coupon(code: "TEN", discount: .percent(.percent(10)), recurring: true),
    Coupon(
      code: "OLD", discount: .fixed(.units(5)), recurring: false,
      expires: Date(timeIntervalSince1970: 1_700_000_000)),
  ])

  let directory: URL
  let clock: FixedClock
  let service: ProxyDashService

  init(directory: URL? = nil, clock: FixedClock? = nil) throws {
    self.directory =
      directory
      ?? FileManager.default.temporaryDirectory.appendingPathComponent(
        "pd-test-\(UUID().uuidString)", isDirectory: true)
    self.clock = clock ?? FixedClock(Self.start)
    service = try ProxyDashService.open(
      directory: self.directory, clock: self.clock, passwordIterations: 1_000)
    if service.catalog.plans.isEmpty {
      try service.setCatalog(Self.catalog, taxRates: Self.taxRates, coupons: Self.coupons)
    }
  }

  deinit {
    service.store.close()
    try? FileManager.default.removeItem(at: directory)
  }

  /// Another process's view of the same store.
  func reopened(gateway: (any PaymentGateway)? = nil) throws -> ProxyDashService {
    try ProxyDashService.open(
      directory: directory, clock: clock, gateway: gateway, passwordIterations: 1_000)
  }

  func signUp(_ email: String = "ava@example.com") throws -> Account {
    try service.signUp(email: email, password: Self.password)
  }

  func card(_ entry: CardEntry = TestWorld.goodCard, for account: Account) throws -> PaymentMethod {
    try service.storedMethod(from: .card(entry), accountID: account.id)
  }

  @discardableResult
  func buy(
    _ planID: String, for account: Account, card entry: CardEntry = TestWorld.goodCard,
    coupon: String? = nil, key: String = UUID().uuidString
  ) throws -> PurchaseOutcome {
    let method = try card(entry, for: account)
    let quote = try service.quotePlan(
      accountID: account.id, planID: planID, paymentMethod: method, couponCode: coupon)
    return try service.buyPlan(accountID: account.id, quote: quote, idempotencyKey: key)
  }

  func charges(_ accountID: String? = nil) throws -> [ChargeRecord] {
    try service.store.read { try $0.charges(accountID: accountID) }
  }

  func gatewayApprovedKeys() throws -> [String] {
    try service.store.read { try $0.gatewayApprovedKeys() }
  }
}

/// Expects `body` to throw exactly `expected`.
func expectError<T>(
  _ expected: ServiceError, sourceLocation: SourceLocation = #_sourceLocation,
  _ body: () throws(ServiceError) -> T
) {
  do {
    _ = try body()
    Issue.record("expected \(expected), got success", sourceLocation: sourceLocation)
  } catch {
    #expect(error == expected, sourceLocation: sourceLocation)
  }
}

/// The error `body` throws, or nil.
func thrownError<T>(_ body: () throws(ServiceError) -> T) -> ServiceError? {
  do {
    _ = try body()
    return nil
  } catch {
    return error
  }
}
