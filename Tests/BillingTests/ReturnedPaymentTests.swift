import Billing
import Foundation
import Testing

/// R33: a payment that went back is told to the customer in billing history and by email.
@Suite struct ReturnedPaymentTests {
  static let payment = ReturnedPayment(
    id: "a1/k1", item: "2 proxy users", amount: .units(12) + Money(minorUnits: 10),
    paymentMethod: Fixture.visa, chargedAt: Fixture.utc(2026, 11, 16, 10),
    refundedAt: Fixture.utc(2026, 11, 16, 10))

  @Test func R33_billingHistorySaysWhatWasRefundedAndWhy() {
    #expect(
      Self.payment.historyLabel == "Returned: 2 proxy users")
  }

  @Test func R33_emailNamesTheAmountTheItemAndWhereTheMoneyWent() {
    let notice = Self.payment.notice(at: Fixture.utc(2026, 11, 16, 10), calendar: .utc)
    #expect(notice.kind == .paymentReturned)
    #expect(notice.subject == "Refunded: $12.10 for 2 proxy users")
    #expect(notice.body.contains("has been refunded to \(Fixture.visa.summary)"))
    #expect(notice.body.contains("your account changed while you were paying"))
  }
}
