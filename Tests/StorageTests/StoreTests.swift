import Billing
import Foundation
import Testing

@testable import Storage

private func temporaryDirectory() -> URL {
  FileManager.default.temporaryDirectory.appendingPathComponent(
    "pd-store-\(UUID().uuidString)", isDirectory: true)
}

/// A rich account: every payment method kind, a coupon, orders of every kind, a refund,
/// dates with fractions of a second.
private func sampleAccount() -> Account {
  let t0 = Date(timeIntervalSinceReferenceDate: 789_012_345.678_9)
  let card = PaymentMethod.card(
    StoredCard(
      brand: .visa, last4: "4242", expiryMonth: 12, expiryYear: 2030, holder: "Ava Adams",
      token: "tok_visa_4242"))
  let coupon = AppliedCoupon(
    coupon: Coupon(code: "ten", discount: .percent(.percent(10)), recurring: true), appliedAt: t0)
  let invoice = Invoice(
    lines: [InvoiceLine(label: "Regular plan, 50 GB, 1 month", amount: .units(200))],
    discount: .units(20),
    discountLabel: "Coupon TEN", vatLabel: "VAT 19 %", vat: Money(minorUnits: 3420))
  let residential = Subscription(
    id: "ava-s1", product: .residential, planID: "res-regular", state: .pastDue, anchor: t0,
    periodIndex: 2,
    periodStart: t0.addingTimeInterval(100), periodEnd: t0.addingTimeInterval(200.5),
    autoRenew: true,
    paymentMethod: card, allowance: .gb(50), transferred: .gb(3), extra: .gb(1),
    used: Traffic(bytes: 44_123_456_789),
    coupon: coupon, extraProxyUsers: 2, reminderSentForPeriodEnd: t0.addingTimeInterval(200.5),
    warningsSent: [80, 100],
    pastDueSince: t0.addingTimeInterval(201), retriesDone: 1, endedAt: nil, originOrderID: "ava-o1")
  let datacenter = Subscription(
    id: "ava-s2", product: .datacenter, planID: "dc-clever", state: .refunded, anchor: t0,
    periodStart: t0,
    periodEnd: t0.addingTimeInterval(86_400 * 30), autoRenew: false,
    paymentMethod: .payPal(email: "ava@pay.example"),
    allowance: .gb(100), endedAt: t0.addingTimeInterval(3600), originOrderID: "ava-o2")
  let bitcoin = Subscription(
    id: "ava-s3", product: .datacenter, planID: "dc-clever", state: .active, anchor: t0,
    periodStart: t0,
    periodEnd: t0.addingTimeInterval(86_400), autoRenew: false, paymentMethod: .btc,
    allowance: .gb(100),
    originOrderID: "ava-o3")
  let orders = [
    Order(
      id: "ava-o1", kind: .purchase(.newPurchase), product: .residential, planID: "res-regular",
      subscriptionID: "ava-s1", invoice: invoice, paymentMethod: card, createdAt: t0, status: .paid),
    Order(
      id: "ava-o2", kind: .purchase(.upgrade), product: .datacenter, planID: "dc-clever",
      subscriptionID: "ava-s2", invoice: invoice, paymentMethod: .payPal(email: "ava@pay.example"),
      createdAt: t0, status: .refunded),
    Order(
      id: "ava-o3", kind: .renewal, product: .residential, planID: "res-regular",
      subscriptionID: "ava-s1", invoice: invoice, paymentMethod: card, createdAt: t0,
      status: .declined),
    Order(
      id: "ava-o4", kind: .extraTraffic(.gb(5)), product: .residential, planID: "res-regular",
      subscriptionID: "ava-s1", invoice: invoice, paymentMethod: card, createdAt: t0, status: .paid),
    Order(
      id: "ava-o5", kind: .proxyUsers(2), product: .residential, planID: "res-regular",
      subscriptionID: "ava-s1", invoice: invoice, paymentMethod: card, createdAt: t0, status: .paid),
  ]
  let refund = Refund(
    id: "ava-r1", orderID: "ava-o2", subscriptionID: "ava-s2", amount: .units(50),
    paymentMethod: .payPal(email: "ava@pay.example"),
    status: .approved, requestedAt: t0, approvedAt: t0,
    completesAt: t0.addingTimeInterval(5 * 86_400), completedAt: nil)
  return Account(
    id: "ava", email: "Ava@Example.com",
    profile: BillingProfile(
      name: "Ava", company: "Acme", country: "DE", vatID: "DE123", timeZone: "Europe/Berlin"),
    createdAt: t0, subscriptions: [residential, datacenter, bitcoin], orders: orders,
    refunds: [refund],
    firstPlanChangeAt: t0.addingTimeInterval(42.25))
}

private func bytes(_ url: URL) throws -> Data { try Data(contentsOf: url) }

@Suite struct StoreTests {
  @Test func accountAggregateRoundTrips() throws {
    let store = try Store.temporary()
    defer { store.discard() }
    let account = sampleAccount()
    try store.write { try $0.insertAccount(account) }
    let loaded = try #require(try store.read { try $0.account(id: "ava") })
    #expect(loaded.account == account)
    #expect(loaded.version == 1)
    var changed = account
    changed.subscriptions.removeLast()
    changed.profile.vatID = nil
    try store.write { try $0.saveAccount(changed, expectedVersion: 1) }
    let reloaded = try #require(try store.read { try $0.account(id: "ava") })
    #expect(reloaded.account == changed)
    #expect(reloaded.version == 2)
  }

  @Test func staleWriteIsRefusedWithChangedElsewhere() throws {
    let store = try Store.temporary()
    defer { store.discard() }
    try store.write { try $0.insertAccount(sampleAccount()) }
    var first = sampleAccount()
    first.profile.name = "First"
    try store.write { try $0.saveAccount(first, expectedVersion: 1) }
    var stale = sampleAccount()
    stale.profile.name = "Stale"
    #expect(throws: StoreError.changedElsewhere) {
      try store.write { try $0.saveAccount(stale, expectedVersion: 1) }
    }
    #expect(try store.read { try $0.account(id: "ava") }?.account.profile.name == "First")
  }

  @Test func emailsAreUniqueCaseInsensitively() throws {
    let store = try Store.temporary()
    defer { store.discard() }
    try store.write { try $0.insertAccount(sampleAccount()) }
    var twin = sampleAccount()
    twin.id = "twin"
    twin.email = "ava@EXAMPLE.com"
    #expect(throws: StoreError.self) { try store.write { try $0.insertAccount(twin) } }
    #expect(try store.read { try $0.accountID(email: " AVA@example.com ") } == "ava")
  }

  @Test func catalogTaxesCouponsAndPolicyRoundTrip() throws {
    let store = try Store.temporary()
    defer { store.discard() }
    let catalog = Catalog(plans: [
      Plan(
        id: "res-micro", name: "Micro", product: .residential, rank: 1, allowance: .gb(5),
        price: .units(30), includedProxyUsers: 1, refundable: false),
      Plan(
        id: "dc-clever", name: "Clever", product: .datacenter, rank: 2, allowance: .gb(100),
        price: Money(minorUnits: 4999), includedProxyUsers: 2, refundable: true),
    ])
    let rates = TaxRates(countries: [
      TaxRates.Country(code: "DE", name: "Germany", vat: Rate(basisPoints: 1950), eu: true)
    ])
    let coupons = CouponBook(coupons: [
      Coupon(
        code: "FIVE", discount: .fixed(.units(5)), recurring: false,
        expires: Date(timeIntervalSinceReferenceDate: 1.5), product: .datacenter),
      Coupon(code: "TEN", discount: .percent(.percent(10)), recurring: true),
    ])
    var policy = BillingPolicy.standard
    policy.loginLockMinutes = 20
    try store.write { session in
      try session.setCatalog(catalog)
      try session.setTaxRates(rates)
      try session.setCoupons(coupons)
      try session.setPolicy(policy)
    }
    #expect(try store.read { try $0.catalog() } == catalog)
    #expect(try store.read { try $0.taxRates() } == rates)
    #expect(try store.read { try $0.coupons() } == coupons)
    #expect(try store.read { try $0.policy() } == policy)
  }

  @Test func storeIsPrivateAndUsesWAL() throws {
    let directory = temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let store = try Store.open(at: directory)
    let folder =
      try FileManager.default.attributesOfItem(atPath: directory.path)[.posixPermissions] as? Int
    let file =
      try FileManager.default.attributesOfItem(atPath: store.databaseURL.path)[.posixPermissions]
      as? Int
    #expect(folder == 0o700)
    #expect(file == 0o600)
    #expect(try store.read { try $0.scalarText("PRAGMA journal_mode") } == "wal")
    #expect(FileManager.default.fileExists(atPath: store.outboxURL.path))
    #expect(try store.integrityCheck() == "ok")
  }

  @Test func defaultDirectoryFollowsTheEnvironment() {
    let home = URL(fileURLWithPath: "/home/ava")
    #expect(
      Store.defaultDirectory(
        environment: ["PROXYDASH_HOME": "/data/pd", "XDG_DATA_HOME": "/x"], home: home
      ).path == "/data/pd")
    #expect(
      Store.defaultDirectory(environment: ["XDG_DATA_HOME": "/x"], home: home).path
        == "/x/proxydash")
    #expect(
      Store.defaultDirectory(environment: [:], home: home).path
        == "/home/ava/.local/share/proxydash")
  }

  @Test func nonSQLiteFileIsRefusedAndLeftUntouched() throws {
    let directory = temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let file = directory.appendingPathComponent(Store.databaseFileName)
    let original = Data("name,email\nava,ava@example.com\n".utf8)
    try original.write(to: file)
    #expect {
      _ = try Store.open(at: directory)
    } throws: { error in
      guard case .unreadable(let path, let reason) = error as? StoreError else { return false }
      return path == file.path && reason.contains("not a ProxyDash store")
    }
    #expect(try bytes(file) == original)
  }

  @Test func corruptSQLiteFileIsRefusedAndLeftUntouched() throws {
    let directory = temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let store = try Store.open(at: directory)
    try store.write { try $0.insertAccount(sampleAccount()) }
    store.close()
    let file = directory.appendingPathComponent(Store.databaseFileName)
    var damaged = try bytes(file)
    for index in 120..<min(damaged.count, 9000) {
      damaged[index] = UInt8(truncatingIfNeeded: index &* 31)
    }
    try damaged.write(to: file)
    #expect {
      _ = try Store.open(at: directory)
    } throws: { error in
      if case .unreadable(let path, _) = error as? StoreError { return path == file.path }
      return false
    }
    #expect(try bytes(file) == damaged)
  }

  @Test func storeFromANewerProxyDashIsRefusedNotMigratedDown() throws {
    let directory = temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let store = try Store.open(at: directory)
    try store.write {
      try $0.execute("INSERT INTO grdb_migrations(identifier) VALUES ('v99-future')")
    }
    store.close()
    let file = directory.appendingPathComponent(Store.databaseFileName)
    let before = try bytes(file)
    #expect(throws: StoreError.tooNew(path: file.path)) { _ = try Store.open(at: directory) }
    #expect(try bytes(file) == before)
  }

  @Test func busyStoreGivesUpAfterTheTimeoutWithAClearError() throws {
    let directory = temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let first = try Store.open(at: directory)
    let second = try Store.open(at: directory)
    let started = Date()
    try first.write { session in
      try session.setMeta("holder", "first")
      #expect(throws: StoreError.busy(path: second.databaseURL.path)) {
        try second.write { try $0.setMeta("holder", "second") }
      }
    }
    #expect(Date().timeIntervalSince(started) >= Store.busyTimeout * 0.9)
    #expect(try second.read { try $0.meta("holder") } == "first")
  }

  @Test func aFailedTransactionLeavesNoMessageFile() throws {
    let store = try Store.temporary()
    defer { store.discard() }
    try store.write { try $0.insertAccount(sampleAccount()) }
    struct Boom: Error {}
    let notice = Notice(
      kind: .welcome, date: Date(timeIntervalSince1970: 0), subject: "Hi", body: "Hello")
    #expect(throws: Boom.self) {
      try store.write { session in
        try session.queueNotices([notice], accountID: "ava", email: "ava@example.com")
        throw Boom()
      }
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: store.outboxURL.path).isEmpty)
    #expect(try store.read { try $0.outbox(accountID: "ava") }.isEmpty)
    let written = try store.write {
      try $0.queueNotices([notice], accountID: "ava", email: "ava@example.com")
    }
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: store.outboxURL.path) == ["ava-m1.eml"])
    #expect(try store.read { try $0.outbox(accountID: "ava") } == written)
  }

  @Test func R26_messagesAreRFC5322() throws {
    let store = try Store.temporary()
    defer { store.discard() }
    try store.write { try $0.insertAccount(sampleAccount()) }
    let date = Date(timeIntervalSince1970: 1_795_300_562)  // 2026-11-21 22:36:02 UTC
    let notice = Notice(
      kind: .orderReceipt, date: date, subject: "Reçu : 50 € payés", body: "Line one\nLine two")
    let message = try #require(
      try store.write { try $0.queueNotices([notice], accountID: "ava", email: "ava@example.com") }
        .first)
    let data = try bytes(store.directory.appendingPathComponent(message.file))
    let text = String(decoding: data, as: UTF8.self)
    let lines = text.components(separatedBy: "\r\n")
    #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    #expect(lines.contains("From: ProxyDash Billing <billing@proxydash.example>"))
    #expect(lines.contains("To: ava@example.com"))
    #expect(lines.contains("Date: Sat, 21 Nov 2026 22:36:02 +0000"))
    #expect(
      lines.contains("Subject: =?UTF-8?B?\(Data("Reçu : 50 € payés".utf8).base64EncodedString())?=")
    )
    #expect(
      lines.contains {
        $0.hasPrefix("Message-ID: <ava-m1.") && $0.hasSuffix("@proxydash.example>")
      })
    #expect(lines.contains("MIME-Version: 1.0"))
    #expect(lines.contains("Content-Type: text/plain; charset=utf-8"))
    #expect(lines.contains("Content-Transfer-Encoding: 8bit"))
    #expect(text.hasSuffix("\r\n\r\nLine one\r\nLine two\r\n"))
  }

  @Test func longSubjectsFoldIntoShortEncodedWordsAndLongLinesUseQuotedPrintable() throws {
    let subject = String(repeating: "é", count: 60)
    let encoded = MailMessage.encodedHeaderText(subject)
    let words = encoded.components(separatedBy: "\r\n ")
    #expect(words.count > 1)
    #expect(words.allSatisfy { $0.count <= 75 && $0.hasPrefix("=?UTF-8?B?") })
    let decoded = words.map { word -> String in
      let base64 = word.dropFirst("=?UTF-8?B?".count).dropLast(2)
      return String(decoding: Data(base64Encoded: String(base64)) ?? Data(), as: UTF8.self)
    }.joined()
    #expect(decoded == subject)
    let long = MailMessage(
      from: try #require(Mailbox("a@b.c")), to: try #require(Mailbox("d@e.f")), date: Date(),
      subject: "x", messageID: "m@x",
      body: String(repeating: "a=", count: 600))
    let text = String(decoding: long.rendered, as: UTF8.self)
    #expect(text.contains("Content-Transfer-Encoding: quoted-printable"))
    #expect(text.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 998 })
  }

  @Test func chargeKeysAreUnique() throws {
    let store = try Store.temporary()
    defer { store.discard() }
    try store.write { try $0.insertAccount(sampleAccount()) }
    let charge = ChargeRecord(
      idempotencyKey: "ava/k1", accountID: "ava", orderID: nil, amount: .units(10),
      paymentMethod: .payPal(email: "a@b.c"),
      description: "x", purpose: "{}", accountVersion: 1,
      createdAt: Date(timeIntervalSinceReferenceDate: 3))
    try store.write { try $0.insertChargeIntent(charge) }
    #expect(throws: StoreError.self) { try store.write { try $0.insertChargeIntent(charge) } }
    #expect(try store.read { try $0.pendingCharges() } == [charge])
    try store.write {
      try $0.resolveCharge(
        key: "ava/k1", status: .approved, orderID: "ava-o1", declineReason: nil, at: Date())
    }
    #expect(try store.read { try $0.pendingCharges() }.isEmpty)
    #expect(try store.read { try $0.charge(key: "ava/k1") }?.orderID == "ava-o1")
  }
}

@Suite struct StoreCopyTests {
  @Test func copyHoldsTheSameDataAndMessagesAndRefusesAnExistingStore() throws {
    let store = try Store.temporary()
    defer { store.discard() }
    try store.write { session in
      try session.setMeta("k", "v")
      try session.execute(
        "INSERT INTO accounts(id, email, email_key, name, company, country, time_zone, created_at) VALUES ('a', 'a@b.c', 'a@b.c', '', '', 'US', 'UTC', 0)"
      )
      try session.queueNotices(
        [
          Notice(kind: .welcome, date: Date(timeIntervalSince1970: 0), subject: "Hi", body: "Hello")
        ],
        accountID: "a", email: "a@b.c")
    }
    let target = FileManager.default.temporaryDirectory.appendingPathComponent(
      "pd-copy-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: target) }
    let copy = try store.copy(to: target)
    #expect(try copy.read { try $0.meta("k") } == "v")
    let messages = try copy.read { try $0.outbox(accountID: "a") }
    #expect(messages.count == 1)
    #expect(
      FileManager.default.fileExists(atPath: target.appendingPathComponent(messages[0].file).path))
    // The copy is independent of the original.
    try copy.write { try $0.setMeta("k", "changed") }
    #expect(try store.read { try $0.meta("k") } == "v")
    #expect(throws: StoreError.self) { _ = try store.copy(to: target) }
  }
}
