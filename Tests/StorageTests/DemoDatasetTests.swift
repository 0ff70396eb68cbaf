import Billing
import Foundation
import Storage
import Testing

/// The repository's demo-data folder, found from this file's path.
private let demoDataFolder = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  .appendingPathComponent("demo-data")

private let gigabyte = Double(Traffic.bytesPerGB)

private func gigabytes(_ traffic: Traffic) -> Double { Double(traffic.bytes) / gigabyte }

/// Loads once per test process (other suites share it): the replay is deterministic, so
/// sharing is safe.
let loadedDemoDataset: Result<DemoDataset, DemoDataError> = Result { () throws(DemoDataError) in
  try DemoDataset.load(from: demoDataFolder)
}

private func dataset() throws -> DemoDataset { try loadedDemoDataset.get() }

private func persona(_ email: String, in data: DemoDataset) throws -> DemoPersona {
  try #require(data.persona(email: email), "no persona \(email)")
}

@Suite struct DemoDatasetTests {
  /// DESIGN.md's seven, then hal (issue 15: a persona out of traffic).
  @Test func loadsEightPersonasInDesignOrder() throws {
    let data = try dataset()
    #expect(
      data.personas.map(\.account.email) == [
        "ava@example.com", "ben@example.com", "cara@example.com", "dan@example.com",
        "eve@example.com", "finn@example.com", "gil@example.com", "hal@example.com",
      ])
    #expect(data.password == "demo-pass-2026")
    #expect(data.now == Date(timeIntervalSince1970: 1_794_823_200))  // 2026-11-16T10:00:00Z
    for persona in data.personas {
      #expect(!persona.situation.isEmpty)
      #expect(persona.notices.map(\.date) == persona.notices.map(\.date).sorted())
      #expect(persona.notices.allSatisfy { $0.date <= data.now })
    }
  }

  @Test func R1_catalogFacts() throws {
    let catalog = try dataset().catalog
    let residential = catalog.plans(of: .residential)
    let datacenter = catalog.plans(of: .datacenter)
    #expect(residential.count == 8)
    #expect(datacenter.count == 4)
    #expect(catalog.plan(id: "res-regular")?.allowance == .gb(50))
    #expect(catalog.plan(id: "res-micro")?.allowance == .gb(5))
    #expect(catalog.plan(id: "res-micro")?.refundable == false)
    #expect(catalog.plan(id: "res-starter")?.allowance == .gb(20))
    #expect(catalog.plan(id: "dc-clever")?.allowance == .gb(100))
    for plans in [residential, datacenter] {
      // Price per GB falls strictly as plans grow (compared exactly, cross-multiplied).
      for (smaller, bigger) in zip(plans, plans.dropFirst()) {
        #expect(bigger.allowance > smaller.allowance)
        #expect(
          bigger.price.minorUnits * smaller.allowance.bytes / Traffic.bytesPerGB
            < smaller.price.minorUnits * bigger.allowance.bytes / Traffic.bytesPerGB,
          "\(bigger.name) is not cheaper per GB than \(smaller.name)")
      }
    }
  }

  @Test func R2_taxRatesAndCoupons() throws {
    let data = try dataset()
    #expect(data.taxRates.country("NL")?.vat == .percent(21))
    #expect(data.taxRates.country("US")?.eu == false)
    let loyal = try #require(data.coupons.coupon(code: "loyal10"))
    #expect(loyal.recurring)
    #expect(loyal.discount == .percent(.percent(10)))
    #expect(data.coupons.coupon(code: "SAVE20")?.discount == .fixed(.units(20)))
    let spring = try #require(data.coupons.coupon(code: "SPRING25"))
    #expect(try #require(spring.expires) < data.now)
    #expect(data.coupons.coupon(code: "DCONLY15")?.product == .datacenter)
  }

  /// R8a: hal has used all 20 GB of his Starter period; his proxies are paused, the
  /// 80 % and 100 % emails of this period went out, and extra traffic can be bought (R8).
  @Test func hal_outOfTrafficWithTheHundredPercentEmailSent() throws {
    let data = try dataset()
    let hal = try persona("hal@example.com", in: data)
    let subscription = try #require(hal.account.liveSubscription(of: .residential))
    #expect(subscription.planID == "res-starter")
    #expect(subscription.state == .active)
    #expect(subscription.used == .gb(20))
    #expect(subscription.isExhausted && !subscription.servesTraffic)
    #expect(subscription.warningsSent == [80, 100])
    let exhausted = hal.notices.filter {
      $0.kind == .trafficExhausted && $0.date >= subscription.periodStart
    }
    #expect(exhausted.count == 1)
    // Used up a day or more before now: the last hours of the period show no traffic.
    let lastRecord = try #require(hal.usage[.residential]?.last)
    #expect(lastRecord.hour < data.now.addingTimeInterval(-86_400))
    let checkout = Checkout(
      catalog: data.catalog, coupons: data.coupons, taxRates: data.taxRates, policy: data.policy)
    #expect(
      (try? checkout.quoteExtraTraffic(gigabytes: 5, subscriptionID: subscription.id, for: hal.account))
        != nil)
    // The demo clock can go on with his two users' traffic: the plan was kept.
    let next = hal.trafficPlan?.hours(from: data.now, to: data.now.addingTimeInterval(3600))
    #expect(next?.count == 1)
    #expect(next?.first?.bytes.count == 2)
  }

  @Test func ava_regularNearItsLimitRenewsInTwoDays() throws {
    let data = try dataset()
    let ava = try persona("ava@example.com", in: data)
    let subscription = try #require(ava.account.liveSubscription(of: .residential))
    #expect(subscription.planID == "res-regular")
    #expect(subscription.state == .active)
    #expect(subscription.autoRenew)
    #expect((43...45).contains(gigabytes(subscription.used)))
    // R5: bought at "-14mo+2d", so the anchor's day comes back exactly 2 days after now.
    #expect(subscription.periodEnd.timeIntervalSince(data.now) == 2 * 86_400)
    #expect(subscription.reminderSentForPeriodEnd == subscription.periodEnd)
    #expect(
      ava.notices.contains {
        $0.kind == .renewalReminder && $0.subscriptionID == subscription.id
          && $0.date >= subscription.periodStart
      })
    guard case .card(let card) = subscription.paymentMethod else {
      Issue.record("ava pays by \(subscription.paymentMethod.summary)")
      return
    }
    #expect(card.last4 == "4242")
    // R6: NL consumer, 21 % VAT on $400.00.
    let step = BillingStep(catalog: data.catalog, taxRates: data.taxRates, policy: data.policy)
    #expect(
      step.renewalInvoice(for: subscription, in: ava.account)?.total == Money(minorUnits: 48_400))
    // A long customer: over a year of monthly renewals, each with a receipt.
    let renewals = ava.account.orders.filter { $0.kind == .renewal && $0.status == .paid }
    #expect(renewals.count >= 12)
    #expect(ava.notices.filter { $0.kind == .renewalReceipt }.count == renewals.count)
    #expect(data.now.timeIntervalSince(ava.account.createdAt) >= 365 * 86_400)
  }

  @Test func ben_twoSubscriptionsPaidWithPayPal() throws {
    let data = try dataset()
    let ben = try persona("ben@example.com", in: data)
    let live = ben.account.subscriptions.filter { $0.state.isLive }
    #expect(live.map(\.planID).sorted() == ["dc-clever", "res-advanced"])
    #expect(ben.account.visibleSubscriptions.count == 2)
    for subscription in live {
      #expect(subscription.state == .active)
      #expect(subscription.paymentMethod.kind == .payPal)
    }
    // R2: an EU business with a VAT id is reverse-charged.
    #expect(data.taxRates.treatment(for: ben.account.profile) == .reverseCharge)
  }

  @Test func cara_firstOrderInsideTheRefundWindow() throws {
    let data = try dataset()
    let cara = try persona("cara@example.com", in: data)
    let subscription = try #require(cara.account.liveSubscription(of: .residential))
    #expect(subscription.planID == "res-starter")
    #expect(cara.account.orders.count == 1)
    #expect(abs(gigabytes(subscription.used) - 1.2) < 0.05)
    let paidAgo = data.now.timeIntervalSince(try #require(cara.account.firstOrder).createdAt)
    #expect(paidAgo == 86_400)
    let verdict = Refunds.eligibility(
      of: subscription.id, in: cara.account, catalog: data.catalog, policy: data.policy,
      now: data.now)
    #expect(verdict.isEligible, "\(verdict)")
  }

  @Test func dan_cancelledWithTenDaysLeft() throws {
    let data = try dataset()
    let dan = try persona("dan@example.com", in: data)
    let subscription = try #require(dan.account.liveSubscription(of: .residential))
    #expect(subscription.planID == "res-starter")
    #expect(subscription.state == .cancelled)
    #expect(!subscription.autoRenew)
    let left = subscription.periodEnd.timeIntervalSince(data.now) / 86_400
    #expect(abs(left - 10) <= 0.1)
    #expect(subscription.remaining > .zero)
    #expect(dan.notices.contains { $0.kind == .cancellationConfirmed })
  }

  @Test func eve_paysInBTCWithoutRenewal() throws {
    let data = try dataset()
    let eve = try persona("eve@example.com", in: data)
    let subscription = try #require(eve.account.liveSubscription(of: .datacenter))
    #expect(subscription.paymentMethod == .btc)
    #expect(!subscription.autoRenew)
    #expect(subscription.coupon == nil)
    #expect(eve.account.orders.allSatisfy { $0.paymentMethod == .btc && $0.status == .paid })
    #expect(eve.account.orders.allSatisfy { $0.invoice.discount.isZero })
    let verdict = Refunds.eligibility(
      of: subscription.id, in: eve.account, catalog: data.catalog, policy: data.policy,
      now: data.now)
    #expect(!verdict.isEligible)
    let step = BillingStep(catalog: data.catalog, taxRates: data.taxRates, policy: data.policy)
    #expect(
      !step.pending(for: eve.account).contains {
        if case .renewal = $0.kind { true } else { false }
      })
  }

  @Test func finn_R19_recurringCouponDiscountsEveryRenewal() throws {
    let data = try dataset()
    let finn = try persona("finn@example.com", in: data)
    let subscription = try #require(finn.account.liveSubscription(of: .residential))
    #expect(subscription.planID == "res-premium")
    #expect(subscription.coupon?.coupon.code == "LOYAL10")
    #expect(subscription.coupon?.coupon.recurring == true)
    let renewals = finn.account.orders.filter { $0.kind == .renewal }
    #expect(renewals.count >= 3)
    for order in renewals {
      // $1,500 − 10 % = $1,350, + 19 % German VAT = $1,606.50.
      #expect(order.invoice.discount == .units(150))
      #expect(order.total == Money(minorUnits: 160_650))
    }
  }

  @Test func gil_R7a_pastDueAfterADeclinedRenewal() throws {
    let data = try dataset()
    let gil = try persona("gil@example.com", in: data)
    let subscription = try #require(gil.account.liveSubscription(of: .residential))
    #expect(subscription.planID == "res-regular")
    #expect(subscription.state == .pastDue)
    guard case .card(let card) = subscription.paymentMethod else {
      Issue.record("gil pays by \(subscription.paymentMethod.summary)")
      return
    }
    #expect(card.last4 == "0002")
    #expect(card.token.hasSuffix("0002"))
    #expect(gil.account.orders.contains { $0.kind == .renewal && $0.status == .declined })
    #expect(gil.notices.contains { $0.kind == .paymentFailed })
    // Still inside the retry schedule: the first retry is after now.
    let since = try #require(subscription.pastDueSince)
    #expect(since < data.now)
    let step = BillingStep(catalog: data.catalog, taxRates: data.taxRates, policy: data.policy)
    #expect(try #require(step.pending(for: gil.account).first).date > data.now)
  }

  @Test func usedEqualsTheRecordsOfTheCurrentPeriod() throws {
    let data = try dataset()
    for persona in data.personas {
      for subscription in persona.account.visibleSubscriptions where subscription.state.isLive {
        let records = persona.usage[subscription.product] ?? []
        let sum = records.reduce(Int64(0)) {
          $0 + ($1.hour >= subscription.periodStart && $1.hour < data.now ? $1.bytes : 0)
        }
        #expect(sum == subscription.used.bytes, "\(persona.account.email) \(subscription.planID)")
      }
    }
  }

  @Test func usageIsHourlyAndAtLeastAYearForAva() throws {
    let data = try dataset()
    let ava = try persona("ava@example.com", in: data)
    let records = try #require(ava.usage[.residential])
    #expect(ava.proxyUsers.count == 3)
    for user in ava.proxyUsers {
      let mine = records.filter { $0.proxyUser == user.id }
      #expect(mine.count >= 365 * 24, "\(user.name) has \(mine.count) hours")
      #expect(ava.proxyUserPasswords[user.id]?.isEmpty == false)
    }
    #expect(records.allSatisfy { Int($0.hour.timeIntervalSince1970) % 3600 == 0 && $0.bytes > 0 })
    #expect(records.map(\.hour) == records.map(\.hour).sorted())
  }

  @Test func usageHasADailyAndAWeeklyRhythm() throws {
    let data = try dataset()
    let ava = try persona("ava@example.com", in: data)
    let records = try #require(ava.usage[.residential])
    let calendar = ava.account.calendar
    var byHour = [Int64](repeating: 0, count: 24)
    var byWeekday = [Int64](repeating: 0, count: 8)
    for record in records {
      byHour[calendar.hour(record.hour)] += record.bytes
      byWeekday[calendar.weekday(record.hour)] += record.bytes
    }
    // Night (3–5 h) well below the afternoon (14–16 h); weekends below weekdays.
    #expect(byHour[3] + byHour[4] + byHour[5] < (byHour[14] + byHour[15] + byHour[16]) / 2)
    #expect(byWeekday[1] + byWeekday[7] < byWeekday[3] + byWeekday[4])
  }

  @Test func loadingTwiceGivesEqualValues() throws {
    let again = try DemoDataset.load(from: demoDataFolder)
    #expect(again == (try dataset()))
  }

  @Test func anotherNowKeepsEverySituation() throws {
    // 1 Mar 2027: month ends and a winter/summer time change lie between the actions.
    let now = Date(timeIntervalSince1970: 1_803_859_200)
    let data = try DemoDataset.load(from: demoDataFolder, now: now)
    #expect(data.now == now)
    let ava = try #require(
      data.persona(email: "AVA@example.com")?.account.liveSubscription(of: .residential))
    #expect(ava.periodEnd.timeIntervalSince(now) == 2 * 86_400)
    #expect((43...45).contains(gigabytes(ava.used)))
    let gil = try #require(
      data.persona(email: "gil@example.com")?.account.liveSubscription(of: .residential))
    #expect(gil.state == .pastDue)
    let dan = try #require(
      data.persona(email: "dan@example.com")?.account.liveSubscription(of: .residential))
    #expect(dan.state == .cancelled)
  }

  @Test func R8a_warningsFollowTheTraffic() throws {
    let data = try dataset()
    let ava = try persona("ava@example.com", in: data)
    let subscription = try #require(ava.account.liveSubscription(of: .residential))
    // 44 of 50 GB is past 80 %: warned this period, not exhausted.
    #expect(subscription.warningsSent == [80])
    #expect(
      ava.notices.contains {
        $0.kind == .trafficWarning && $0.date >= subscription.periodStart
      })
  }
}

@Suite struct DemoDataErrorTests {
  /// A copy of demo-data with one file replaced.
  private func folder(replacing file: String, with text: String) throws -> URL {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("demo-data-\(UUID().uuidString)")
    try FileManager.default.copyItem(at: demoDataFolder, to: folder)
    try Data(text.utf8).write(to: folder.appendingPathComponent(file))
    return folder
  }

  private func error(replacing file: String, with text: String) throws -> DemoDataError? {
    let folder = try folder(replacing: file, with: text)
    defer { try? FileManager.default.removeItem(at: folder) }
    do {
      _ = try DemoDataset.load(from: folder)
      return nil
    } catch {
      return error
    }
  }

  @Test func malformedJSONNamesTheFile() throws {
    let failure = try #require(try error(replacing: "plans.json", with: "{ \"plans\": [ "))
    #expect(failure.file == "plans.json")
    #expect(failure.description.contains("plans.json"))
  }

  @Test func missingFieldNamesTheEntry() throws {
    let failure = try #require(
      try error(
        replacing: "tax-rates.json",
        with: #"{"countries": [{"code": "NL", "name": "Netherlands", "eu": true}]}"#))
    #expect(failure.file == "tax-rates.json")
    #expect(failure.message.contains("countries[0].vat"))
  }

  @Test func impossibleActionNamesThePersonaAndAction() throws {
    let text = try String(
      contentsOf: demoDataFolder.appendingPathComponent("personas.json"), encoding: .utf8)
    let broken = text.replacingOccurrences(
      of: #""buy": "res-starter" }"#, with: #""buy": "res-nothing" }"#)
    #expect(broken != text)
    let failure = try #require(try error(replacing: "personas.json", with: broken))
    #expect(failure.file == "personas.json")
    #expect(failure.message.contains("cara@example.com"))
    #expect(failure.message.contains("res-nothing"))
  }

  @Test func missingFolderNamesTheFile() {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "no-such-\(UUID().uuidString)")
    let failure = #expect(throws: DemoDataError.self) { try DemoDataset.load(from: folder) }
    #expect(failure?.file == "plans.json")
  }

  @Test func couponWithBothKindsOfDiscountIsRefused() throws {
    let failure = try #require(
      try error(
        replacing: "coupons.json",
        with: #"{"coupons": [{"code": "BOTH", "percent": 10, "amountCents": 500, "recurring": false}]}"#))
    #expect(failure.file == "coupons.json")
    #expect(failure.message.contains("BOTH"))
  }
}
