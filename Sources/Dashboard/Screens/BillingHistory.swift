import Billing
import Foundation
import TerminalUI

/// The rows of Account settings → Billing history (DESIGN.md): every order, renewal,
/// refund and returned payment, newest first, each with the invoice it has (R26a).
struct BillingHistoryRow: Sendable {
  var date: Date
  var cells: [String]
  var style: CellStyle
  var invoice: IssuedInvoice?
  /// Why the row has no invoice to open, for the disabled `Enter` / `e` (`?` says it).
  var noInvoiceReason: String?

  /// `invoices` as the store issued them; a row whose invoice is not loaded yet says so.
  static func rows(for snapshot: Snapshot, invoices: [IssuedInvoice]) -> [BillingHistoryRow] {
    let calendar = snapshot.calendar
    let byOrder = Dictionary(
      invoices.filter { !$0.isCreditNote }.map { ($0.orderID, $0) }, uniquingKeysWith: { first, _ in first })
    let byRefund = Dictionary(
      invoices.compactMap { invoice in invoice.refundID.map { ($0, invoice) } },
      uniquingKeysWith: { first, _ in first })
    var rows: [BillingHistoryRow] = []
    for order in snapshot.account.orders {
      let plan = snapshot.catalog.plan(id: order.planID)?.name ?? order.planID
      let status = order.status == .declined ? "declined" : (order.status == .refunded ? "refunded" : "paid")
      let invoice = byOrder[order.id]
      rows.append(
        BillingHistoryRow(
          date: order.createdAt,
          cells: [
            calendar.isoDay(order.createdAt), "\(order.kind.label) · \(plan)",
            invoice.map(\.number.description) ?? "", "\(order.invoice.net)",
            order.invoice.vatLabel == IssuedInvoice.reverseChargeLabel
              ? "rev. charge" : "\(order.invoice.vat)",
            "\(order.total)", status,
          ],
          style: order.status == .declined ? .danger : .text, invoice: invoice,
          noInvoiceReason: order.status == .declined
            ? "A declined payment took no money, so it has no invoice."
            : (invoice == nil ? "This order's invoice is still loading." : nil)))
    }
    for refund in snapshot.account.refunds {
      let status =
        refund.status == .refunded ? "refunded" : "due \(calendar.shortDayText(refund.completesAt))"
      let invoice = byRefund[refund.id]
      let original = byOrder[refund.orderID]?.number.description ?? refund.orderID
      rows.append(
        BillingHistoryRow(
          date: refund.requestedAt,
          cells: [
            calendar.isoDay(refund.requestedAt), "Refund of \(original)",
            invoice.map(\.number.description) ?? "", "", "", "\(-refund.amount)", status,
          ], style: .warning, invoice: invoice,
          noInvoiceReason: invoice == nil ? "This refund's credit note is still loading." : nil))
    }
    for payment in snapshot.returnedPayments {
      let status = payment.refundedAt == nil ? "refunding" : "refunded"
      rows.append(
        BillingHistoryRow(
          date: payment.chargedAt,
          cells: [
            calendar.isoDay(payment.chargedAt), payment.historyLabel, "", "", "", "\(payment.amount)", status,
          ], style: .warning, invoice: nil,
          noInvoiceReason:
            "This payment bought nothing and went back at once: there is no order to invoice."))
    }
    // Newest first; of two rows at one moment, the later invoice first.
    return rows.sorted {
      ($0.date, $0.invoice?.number.year ?? 0, $0.invoice?.number.sequence ?? 0)
        > ($1.date, $1.invoice?.number.year ?? 0, $1.invoice?.number.sequence ?? 0)
    }
  }

  /// The columns, fitted to the area by `Table.fitted(to:)`: figures as wide as their
  /// widest cell, the item elided last; on a narrow terminal net, then VAT, leave first:
  /// the item and the invoice number matter more (the invoice itself shows them).
  static let columns = [
    Table.Column("Date", .fit), Table.Column("Item", .shrinks(minimum: 16)), Table.Column("Invoice", .fit),
    Table.Column("Net", .fit, alignRight: true, dropPriority: 0),
    Table.Column("VAT", .fit, alignRight: true, dropPriority: 1),
    Table.Column("Total", .fit, alignRight: true),
    Table.Column("Status", .fit),
  ]
}
