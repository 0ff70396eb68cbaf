import Billing
import Foundation
import Storage
import Testing

@testable import Services

/// The provider's catalog (R29), sign-up's billing country (R24) and extra traffic
/// bought across a period end (R8) as use cases.
@Suite struct ProviderCatalogTests {
  static let shippedCatalog = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("catalog")

  static func repriced(_ catalog: Catalog, _ planID: String, to price: Money) -> Catalog {
    Catalog(
      plans: catalog.plans.map { plan in
        var plan = plan
        if plan.id == planID { plan.price = price }
        return plan
      })
  }

  @Test func R29_aPriceChangeAppliesToNewPurchasesNowAndToASubscriptionFromItsNextRenewal()
    throws
  {
    let world = try TestWorld()
    let ava = try world.signUp()
    let bought = try world.buy("res-starter", for: ava)
    #expect(bought.order.total == .units(100))
    // A dashboard open while the provider imports (another process) quotes the new price.
    let open = try world.reopened()
    let ben = try world.signUp("ben@example.com")
    try world.service.importCatalog(
      CatalogFiles(plans: Self.repriced(TestWorld.catalog, "res-starter", to: .units(120))))
    let quote = try open.quotePlan(
      accountID: ben.id, planID: "res-starter", paymentMethod: try world.card(for: ben),
      couponCode: nil)
    #expect(quote.total == .units(120))
    // The current period was paid at the old price; the renewal and its reminder use the new.
    world.clock.set(bought.subscription.periodEnd.addingTimeInterval(60))
    _ = try world.service.runBillingStep(accountID: ava.id)
    let reminder = try #require(
      try world.service.outbox(accountID: ava.id).first { $0.kind == .renewalReminder })
    #expect(reminder.body.contains("Amount: $120.00"))
    let renewal = try #require(try world.service.account(id: ava.id).orders.last)
    #expect(renewal.kind == .renewal)
    #expect(renewal.total == .units(120))
    open.store.close()
  }

  @Test func R29_aReminderSentAtTheOldPriceGoesOutAgainWithTheNewOne() throws {
    let world = try TestWorld()
    let ava = try world.signUp()
    let bought = try world.buy("res-starter", for: ava)
    world.clock.set(bought.subscription.periodEnd.addingTimeInterval(-86_400))
    #expect(try world.service.runBillingStep(accountID: ava.id).map(\.kind) == [.reminderSent])
    try world.service.importCatalog(
      CatalogFiles(plans: Self.repriced(TestWorld.catalog, "res-starter", to: .units(120))))
    let summary = try world.service.runBilling(
      runner: BillingRunner(name: "t", leaseClock: FixedClock(TestWorld.start)))
    #expect(summary.reminders == 1)
    let reminders = try world.service.outbox(accountID: ava.id).filter {
      $0.kind == .renewalReminder
    }
    #expect(reminders.count == 2)
    #expect(reminders.contains { $0.body.contains("Amount: $100.00") })
    #expect(reminders.contains { $0.body.contains("Amount: $120.00") })
  }

  @Test func R29_anImportThatDropsAPlanInUseIsRefusedAndChangesNothing() throws {
    let world = try TestWorld()
    let ava = try world.signUp()
    try world.buy("res-starter", for: ava)
    let without = Catalog(plans: TestWorld.catalog.plans.filter { $0.id != "res-starter" })
    let cheaper = TaxRates(countries: [
      TaxRates.Country(code: "US", name: "United States", vat: .zero, eu: false)
    ])
    let error = thrownError { () throws(ServiceError) in
      try world.service.importCatalog(CatalogFiles(plans: without, taxRates: cheaper))
    }
    #expect(error?.description.contains("res-starter") == true)
    let stored = try world.service.store.read { (try $0.catalog(), try $0.taxRates()) }
    #expect(stored.0 == TestWorld.catalog)
    #expect(Set(stored.1.countries) == Set(TestWorld.taxRates.countries))
    #expect(world.service.catalog == TestWorld.catalog)
  }

  @Test func R29_theShippedCatalogHasEveryEUMemberStateAndNoCustomers() throws {
    let files = try CatalogFiles.load(from: Self.shippedCatalog)
    let rates = try #require(files.taxRates)
    let eu = rates.countries.filter(\.eu).map(\.code)
    #expect(
      Set(eu) == [
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
        "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
      ])
    #expect(rates.country("DE")?.vat == .percent(19))
    #expect(rates.country("DE")?.name == "Germany")
    #expect(rates.country("FI")?.vat == Rate(basisPoints: 2550))
    #expect(rates.country("HU")?.vat == .percent(27))
    #expect(rates.country(matching: "Netherlands")?.code == "NL")
    #expect(Set(rates.countries.filter { !$0.eu }.map(\.code)) == ["US", "GB", "CA"])
    #expect(files.plans?.plans.count == 12)
    #expect(files.endpoints?.map(\.product) == [.residential, .datacenter])
    #expect(files.coupons?.coupons.isEmpty == false)
    let world = try TestWorld()
    try world.service.importCatalog(files)
    #expect(try world.service.store.read { try $0.accountCount() } == 0)
    #expect(try world.service.catalogView().endpoints == files.endpoints)
  }

  @Test func R29_aBadCatalogFileIsRefusedWithTheEntryNamed() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "pd-catalog-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("prices.json")
    try """
    {"plans": [
      {"id": "a", "name": "A", "product": "residential", "rank": 1, "gb": 5, "priceCents": 100, "includedProxyUsers": 1, "refundable": true},
      {"id": "a", "name": "B", "product": "residential", "rank": 2, "gb": 9, "priceCents": 150, "includedProxyUsers": 1, "refundable": true}
    ]}
    """.write(to: file, atomically: true, encoding: .utf8)
    #expect(throws: CatalogFileError(path: file.path, message: "plan \"a\" appears twice")) {
      try CatalogFiles.load(from: file)
    }
    try #"{"countries": [{"code": "DE", "vat": 19, "eu": true}, {"code": "de", "vat": 7, "eu": true}]}"#
      .write(to: file, atomically: true, encoding: .utf8)
    #expect(throws: CatalogFileError.self) { try CatalogFiles.load(from: file) }
    try
      #"{"endpoints": [{"product": "residential", "host": "a b", "rotatingPort": 1, "stickyPorts": [2, 3]}]}"#
      .write(to: file, atomically: true, encoding: .utf8)
    let error = #expect(throws: CatalogFileError.self) { try CatalogFiles.load(from: file) }
    #expect(error?.message.contains("endpoints[0] residential") == true)
  }

  @Test func R24_signUpTakesTheBillingCountryByCodeOrName() throws {
    let world = try TestWorld()
    let hans = try world.service.signUp(
      email: "hans@example.de", password: TestWorld.password, country: "germany")
    #expect(hans.profile.country == "DE")
    let quote = try world.service.quotePlan(
      accountID: hans.id, planID: "res-starter", paymentMethod: try world.card(for: hans),
      couponCode: nil)
    #expect(quote.invoice.vatLabel == "VAT 19 %")
    let error = thrownError { () throws(ServiceError) in
      try world.service.signUp(email: "x@example.com", password: TestWorld.password, country: "Atlantis")
    }
    #expect(error?.description.contains("not a billing country") == true)
    #expect(try world.service.store.read { try $0.accountID(email: "x@example.com") } == nil)
  }

  @Test func R24_aVATIDMustMatchTheBillingCountrysFormat() throws {
    let world = try TestWorld()
    let ava = try world.signUp()
    let german = BillingProfile(
      name: "Ava", company: "Acme GmbH", country: "DE", vatID: "de 811 234 567")
    #expect(
      try world.service.updateProfile(accountID: ava.id, profile: german).profile.vatID == "DE811234567")
    var wrong = german
    wrong.vatID = "DE12"
    let error = thrownError { () throws(ServiceError) in
      try world.service.updateProfile(accountID: ava.id, profile: wrong)
    }
    #expect(error?.description.contains("format") == true)
    #expect(try world.service.account(id: ava.id).profile.vatID == "DE811234567")
  }

  @Test func R8_extraTrafficBoughtAfterAPeriodEndedGoesIntoTheNewPeriod() throws {
    let world = try TestWorld()
    let ava = try world.signUp()
    let bought = try world.buy("dc-clever", for: ava)
    // The screen stayed open across the renewal moment: nothing ran the billing step.
    world.clock.set(bought.subscription.periodEnd.addingTimeInterval(60))
    let quote = try world.service.quoteExtraTraffic(
      accountID: ava.id, subscriptionID: bought.subscription.id, gigabytes: 10)
    _ = try world.service.buyExtra(accountID: ava.id, quote: quote, idempotencyKey: "extra-1")
    _ = try world.service.runBillingStep(accountID: ava.id)
    let subscription = try #require(try world.service.account(id: ava.id).subscriptions.first)
    #expect(subscription.periodIndex == 1)
    #expect(subscription.extra == .gb(10), "the paid traffic is in the period current when paid")
  }
}
