import Foundation

/// The texts of the emails billing sends (R26), kept in one place.
enum Receipts {
  static func invoiceText(_ invoice: Invoice) -> String {
    var lines = invoice.lines.map { "  \($0.label): \($0.amount)" }
    if !invoice.discount.isZero {
      lines.append("  \(invoice.discountLabel ?? "Discount"): \(-invoice.discount)")
    }
    lines.append("  \(invoice.vatLabel): \(invoice.vat)")
    lines.append("  Total: \(invoice.total)")
    return lines.joined(separator: "\n")
  }

  static func orderReceipt(
    order: Order, plan: Plan, subscription: Subscription, calendar: BillingCalendar
  ) -> Notice {
    let renewal =
      subscription.autoRenew
      ? "It renews automatically on \(calendar.dayText(subscription.periodEnd))."
      : "It does not renew automatically; it is usable until \(calendar.dayText(subscription.periodEnd))."
    var body = """
      Thank you for your order \(order.id): \(order.kind.label), \(plan.name) (\(plan.product.displayName)).

      \(invoiceText(order.invoice))

      Paid with \(order.paymentMethod.summary) on \(calendar.dateTimeText(order.createdAt)).
      Your period runs \(calendar.dayText(subscription.periodStart)) to \(calendar.dayText(subscription.periodEnd)). \(renewal)
      """
    if subscription.transferred > .zero {
      body += "\nUnused traffic carried over: \(subscription.transferred)."
    }
    return Notice(
      kind: .orderReceipt, date: order.createdAt,
      subject: "Receipt for your \(plan.name) plan (\(order.total))", body: body,
      subscriptionID: subscription.id)
  }

  static func extraReceipt(
    order: Order, planName: String, subscription: Subscription, calendar: BillingCalendar
  ) -> Notice {
    Notice(
      kind: .orderReceipt, date: order.createdAt,
      subject: "Receipt: \(order.kind.label) for \(planName) (\(order.total))",
      body: """
        Thank you for your order \(order.id): \(order.kind.label) for your \(planName) plan.

        \(invoiceText(order.invoice))

        Paid with \(order.paymentMethod.summary) on \(calendar.dateTimeText(order.createdAt)).
        """, subscriptionID: subscription.id)
  }
}
