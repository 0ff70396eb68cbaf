import Foundation

/// Requests filed with support, for what the dashboard does not self-serve (R16: BTC).
public enum SupportRequest {
  /// The support request that choosing BTC files in the outbox (R16, R26). BTC payments
  /// are arranged by hand, so the note says who asked for what.
  public static func btcPayment(
    accountEmail: String, planName: String, product: Product, at date: Date,
    calendar: BillingCalendar = .utc
  ) -> Notice {
    Notice(
      kind: .supportRequest, date: date,
      subject: "Support request: pay \(planName) with BTC",
      body: """
        \(accountEmail) asked on \(calendar.dateTimeText(date)) to pay for the \(planName) plan
        (\(product.displayName)) with BTC. BTC payments are arranged with support: we will reply
        with the amount and the address to pay to. BTC subscriptions do not renew automatically,
        take no coupons and are not refundable.
        Support: \(Support.email)
        """)
  }
}
