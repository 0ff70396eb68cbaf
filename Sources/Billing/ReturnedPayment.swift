import Foundation

/// A payment the gateway approved for a change that could no longer be made (the
/// account changed while paying), and whose money goes back (R33). It is not an order:
/// nothing was bought, so it never counts as the account's first order (R20).
public struct ReturnedPayment: Hashable, Sendable, Identifiable {
  /// The charge's idempotency key.
  public var id: String
  /// What the payment was for, as the customer confirmed it ("Upgrade: Advanced").
  public var item: String
  public var amount: Money
  public var paymentMethod: PaymentMethod
  public var chargedAt: Date
  /// Nil while the gateway has not yet confirmed the refund.
  public var refundedAt: Date?

  public init(
    id: String, item: String, amount: Money, paymentMethod: PaymentMethod, chargedAt: Date,
    refundedAt: Date?
  ) {
    self.id = id
    self.item = item
    self.amount = amount
    self.paymentMethod = paymentMethod
    self.chargedAt = chargedAt
    self.refundedAt = refundedAt
  }

  /// The billing history's item text: short enough for the item column beside the
  /// invoice number at 120 columns (the status column says refunded, the email why).
  public var historyLabel: String { "Returned: \(item)" }

  /// The email that tells the customer the money is back.
  public func notice(at date: Date, calendar: BillingCalendar) -> Notice {
    Notice(
      kind: .paymentReturned, date: date, subject: "Refunded: \(amount) for \(item)",
      body: """
        Your payment of \(amount) for \(item) on \(calendar.dateTimeText(chargedAt)) went through,
        but your account changed while you were paying (another window, or a renewal), so the
        change could no longer be made as you confirmed it. Nothing was bought, and the full
        \(amount) has been refunded to \(paymentMethod.summary).

        Please review your account and confirm again if you still want it. Questions: \(Support.email).
        """)
  }
}
