import Foundation

/// An invoice as issued (R26a): numbered, dated, with the seller and the buyer as they
/// were at that moment, the lines, VAT (or "Reverse charge"), the total and how it was
/// paid. Stored whole when issued and never recomputed, so neither a profile change nor
/// a catalog change rewrites it.
public struct IssuedInvoice: Codable, Hashable, Sendable, Identifiable {
  public enum Kind: Codable, Hashable, Sendable {
    case invoice
    /// A refund's invoice: negative amounts, naming the invoice it takes back.
    case creditNote(refersTo: InvoiceNumber)
  }

  public var number: InvoiceNumber
  public var kind: Kind
  public var issuedAt: Date
  /// Nil only for an invoice numbered before the store's catalog named a seller; the
  /// first catalog import with a seller fills it in (once).
  public var seller: InvoiceSeller?
  public var buyer: InvoiceBuyer
  /// The order invoiced, or for a credit note the order refunded.
  public var orderID: String
  public var refundID: String?
  /// What was bought, for the billing history and the title (`Purchase · Advanced`).
  public var item: String
  public var lines: [InvoiceLine]
  /// Taken off the lines' sum; positive on an invoice, negative on a credit note.
  public var discount: Money
  public var discountLabel: String?
  /// `VAT 21 %` or `Reverse charge` (R2).
  public var vatLabel: String
  public var vat: Money
  public var total: Money
  public var paymentMethod: String

  public init(
    number: InvoiceNumber, kind: Kind, issuedAt: Date, seller: InvoiceSeller?,
    buyer: InvoiceBuyer, orderID: String, refundID: String?, item: String, lines: [InvoiceLine],
    discount: Money, discountLabel: String?, vatLabel: String, vat: Money, total: Money,
    paymentMethod: String
  ) {
    self.number = number
    self.kind = kind
    self.issuedAt = issuedAt
    self.seller = seller
    self.buyer = buyer
    self.orderID = orderID
    self.refundID = refundID
    self.item = item
    self.lines = lines
    self.discount = discount
    self.discountLabel = discountLabel
    self.vatLabel = vatLabel
    self.vat = vat
    self.total = total
    self.paymentMethod = paymentMethod
  }

  public var id: String { number.description }

  public static let reverseChargeLabel = VATTreatment.reverseCharge.label

  public var isReverseCharge: Bool { vatLabel == Self.reverseChargeLabel }

  public var isCreditNote: Bool {
    if case .creditNote = kind { return true }
    return false
  }

  /// The invoice of a paid order, issued at its payment.
  public static func of(
    _ order: Order, number: InvoiceNumber, item: String, seller: InvoiceSeller?,
    buyer: InvoiceBuyer
  ) -> IssuedInvoice {
    let invoice = order.invoice
    return IssuedInvoice(
      number: number, kind: .invoice, issuedAt: order.createdAt, seller: seller, buyer: buyer,
      orderID: order.id, refundID: nil, item: item, lines: invoice.lines,
      discount: invoice.discount, discountLabel: invoice.discountLabel, vatLabel: invoice.vatLabel,
      vat: invoice.vat, total: invoice.total, paymentMethod: order.paymentMethod.summary)
  }

  /// A refund's credit note, issued when the refund is approved. A refund of the whole
  /// order (R20 refunds exactly what the first order paid) takes back each of its lines
  /// and its VAT; any other amount is one line.
  public static func creditNote(
    for refund: Refund, of order: Order, original: InvoiceNumber, number: InvoiceNumber,
    item: String, seller: InvoiceSeller?, buyer: InvoiceBuyer
  ) -> IssuedInvoice {
    let invoice = order.invoice
    let whole = refund.amount == invoice.total
    let lines =
      whole
      ? invoice.lines.map { InvoiceLine(label: $0.label, amount: -$0.amount) }
      : [InvoiceLine(label: "Refund of \(original)", amount: -refund.amount)]
    return IssuedInvoice(
      number: number, kind: .creditNote(refersTo: original),
      issuedAt: refund.approvedAt ?? refund.requestedAt, seller: seller, buyer: buyer,
      orderID: order.id, refundID: refund.id, item: "Refund · \(item)", lines: lines,
      discount: whole ? -invoice.discount : .zero(refund.amount.currency),
      discountLabel: whole ? invoice.discountLabel : nil,
      vatLabel: whole ? invoice.vatLabel : "VAT included",
      vat: whole ? -invoice.vat : .zero(refund.amount.currency),
      total: -refund.amount, paymentMethod: refund.paymentMethod.summary)
  }

  // MARK: Text

  /// The title, with DESIGN.md's label `Invoice PD-<year>-<number>`.
  public var title: String {
    if case .creditNote(let original) = kind {
      return "Invoice \(number) · credit note for \(original)"
    }
    return "Invoice \(number)"
  }

  /// The reverse-charge mention an EU invoice to a business must carry (R2).
  public static let reverseChargeNote =
    "VAT reverse charged: the buyer accounts for VAT (Art. 196, Council Directive 2006/112/EC)."

  /// The amount rows: each line, the discount, VAT (or "Reverse charge"), `Total:`.
  public var amountRows: [(label: String, amount: String)] {
    var rows = lines.map { (label: $0.label, amount: $0.amount.description) }
    if !discount.isZero {
      rows.append((label: discountLabel ?? "Discount", amount: (-discount).description))
    }
    rows.append((label: vatLabel, amount: vat.description))
    return rows
  }

  /// The invoice as plain lines no wider than `width` (long lines are cut with `…`):
  /// what the pop-up shows and the text export holds.
  public func textLines(calendar: BillingCalendar, width: Int = 64) -> [String] {
    let width = max(24, width)
    var out = [title, "Issued: \(calendar.dayText(issuedAt))", ""]
    out.append("Seller:")
    out += (seller?.lines ?? ["not named yet: import the catalog's seller.json"]).map { "  " + $0 }
    out.append("Buyer:")
    out += buyer.lines.map { "  " + $0 }
    out.append("")
    for row in amountRows { out.append(Self.amountLine(row.label, row.amount, width: width)) }
    out.append(Self.amountLine("Total:", total.description, width: width))
    out.append("")
    out.append("\(isCreditNote ? "Refunded to" : "Paid by"): \(paymentMethod)")
    out.append("Order: \(orderID)")
    out = out.map { Self.cut($0, to: width) }
    if isReverseCharge { out += Self.wrap(Self.reverseChargeNote, to: width) }
    return out
  }

  /// The whole text export: `textLines` and a final newline.
  public func text(calendar: BillingCalendar) -> String {
    textLines(calendar: calendar, width: 72).joined(separator: "\n") + "\n"
  }

  static func amountLine(_ label: String, _ amount: String, width: Int) -> String {
    let room = width - amount.count - 1
    let shown = cut(label, to: room)
    return shown + String(repeating: " ", count: max(1, width - shown.count - amount.count)) + amount
  }

  static func wrap(_ text: String, to width: Int) -> [String] {
    var lines: [String] = []
    var current = ""
    for word in text.split(separator: " ") {
      if !current.isEmpty, current.count + 1 + word.count > width {
        lines.append(current)
        current = ""
      }
      current += (current.isEmpty ? "" : " ") + word
    }
    if !current.isEmpty { lines.append(current) }
    return lines.map { cut($0, to: width) }
  }

  static func cut(_ text: String, to width: Int) -> String {
    guard text.count > width, width > 1 else { return text }
    return String(text.prefix(width - 1)) + "…"
  }
}
