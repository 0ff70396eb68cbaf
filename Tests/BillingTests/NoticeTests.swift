import Billing
import Foundation
import Testing

/// R26: every emailed event produces its notice; the store turns notices into .eml files.
@Suite struct NoticeTests {
  @Test func R26_eachEventProducesItsNoticeKind() throws {
    var kinds: [NoticeKind] = []
    var all: [Notice] = []
    func note(_ notices: [Notice]) {
      all += notices
      kinds += notices.map(\.kind)
    }
    let bought = Fixture.utc(2026, 11, 2, 10)  // a Monday

    // Order receipt.
    let purchase = try Fixture.buy("res-regular", for: Fixture.account(), at: bought)
    note(purchase.notices)
    #expect(purchase.notices.map(\.kind) == [.orderReceipt])

    // Traffic at 80 % and 100 %.
    let (used, warnings) = TrafficWarnings.record(
      .gb(50), on: purchase.subscription, planName: "Regular", policy: Fixture.policy, at: bought)
    note(warnings)
    #expect(warnings.map(\.kind) == [.trafficWarning, .trafficExhausted])
    var account = purchase.account
    account.subscriptions[0] = used

    // Renewal reminder and renewal receipt.
    let renewed = Fixture.advance(account, to: Fixture.utc(2026, 12, 2, 10))
    note(renewed.notices)
    #expect(renewed.notices.map(\.kind) == [.renewalReminder, .renewalReceipt])

    // Payment failed, then the subscription ended after the last retry.
    let failed = Fixture.advance(renewed.account, to: Fixture.utc(2027, 1, 10), approving: false)
    note(failed.notices)
    #expect(
      failed.notices.map(\.kind) == [
        .renewalReminder, .paymentFailed, .paymentFailed, .paymentFailed, .subscriptionEnded,
      ])

    // Cancellation confirmed (a fresh datacenter subscription).
    let datacenter = try Fixture.buy("dc-clever", for: failed.account, at: Fixture.utc(2027, 1, 11))
    note(datacenter.notices)
    let cancelled = try Cancellation.cancel(
      datacenter.subscription.id, in: datacenter.account, planName: "Clever",
      now: Fixture.utc(2027, 1, 12))
    note(cancelled.notices)
    #expect(cancelled.notices.map(\.kind) == [.cancellationConfirmed])

    // Refund steps, on a new customer.
    let newcomer = try Fixture.buy("res-starter", for: Fixture.account(), at: bought)
    let refund = try Refunds.request(
      for: newcomer.subscription.id, in: newcomer.account, catalog: Fixture.catalog,
      policy: Fixture.policy, now: Fixture.utc(2026, 11, 3))
    note(refund.notices)
    let completed = Fixture.advance(refund.account, to: Fixture.utc(2026, 11, 20))
    note(completed.notices)
    #expect(
      (refund.notices + completed.notices).map(\.kind) == [
        .refundRequested, .refundApproved, .refundCompleted,
      ])

    // Support request for BTC.
    note([
      SupportRequest.btcPayment(
        accountEmail: "eve@example.com", planName: "Clever", product: .datacenter, at: bought)
    ])

    let expected: Set<NoticeKind> = [
      .orderReceipt, .renewalReminder, .renewalReceipt, .paymentFailed, .subscriptionEnded,
      .cancellationConfirmed, .refundRequested, .refundApproved, .refundCompleted, .trafficWarning,
      .trafficExhausted, .supportRequest,
    ]
    #expect(Set(kinds) == expected)
    for notice in all {
      #expect(!notice.subject.isEmpty)
      #expect(!notice.body.isEmpty)
      #expect(!notice.subject.contains("\n"), "a subject is one header line")
    }
  }

  @Test func R26_receiptStatesInvoiceAndPeriod() throws {
    let outcome = try Fixture.buy(
      "res-regular", for: Fixture.account(country: "NL"), coupon: "WELCOME10",
      at: Fixture.utc(2026, 11, 1, 10))
    let receipt = try #require(outcome.notices.first)
    // $400 - $40 = $360 + 21 % ($75.60) = $435.60.
    #expect(receipt.subject == "Receipt for your Regular plan ($435.60)")
    #expect(receipt.body.contains("Coupon WELCOME10: -$40.00"))
    #expect(receipt.body.contains("VAT 21 %: $75.60"))
    #expect(receipt.body.contains("Total: $435.60"))
    #expect(receipt.body.contains("1 Nov 2026 to 1 Dec 2026"))
    #expect(receipt.body.contains("renews automatically on 1 Dec 2026"))
    #expect(receipt.subscriptionID == outcome.subscription.id)
  }
}
