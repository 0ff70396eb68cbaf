import Foundation
import Testing

@testable import Billing

@Suite struct InvoiceDocumentTests {
  static let issued = Date(timeIntervalSince1970: 1_794_823_200)  // 2026-11-16 10:00 UTC

  static func sample(vat: VATTreatment = .reverseCharge, company: String = "Acme GmbH") -> IssuedInvoice {
    let order = Order(
      id: "ben-o3", kind: .purchase(.newPurchase), product: .residential, planID: "res-advanced",
      subscriptionID: "ben-s1",
      invoice: Invoice.priced(
        lines: [InvoiceLine(label: "Advanced, 100 GB, 1 month", amount: .units(700))], coupon: nil,
        vat: vat),
      paymentMethod: .payPal(email: "ben@example.com"), createdAt: issued, status: .paid)
    return IssuedInvoice.of(
      order, number: InvoiceNumber(year: 2026, sequence: 123), item: "Purchase · Advanced",
      seller: InvoiceSeller(name: "Paddle.com", role: "Merchant of Record for ProxyDash"),
      buyer: InvoiceBuyer(
        name: "Ben <Boss>", company: company, email: "ben@example.com", countryCode: "DE",
        countryName: "Germany", vatID: "DE123456789"))
  }

  @Test func R26a_numberIsTheStoresFormat() {
    #expect(InvoiceNumber(year: 2026, sequence: 123).description == "PD-2026-000123")
    #expect(InvoiceNumber(year: 2027, sequence: 1_234_567).description == "PD-2027-1234567")
    #expect(InvoiceNumber("PD-2026-000123") == InvoiceNumber(year: 2026, sequence: 123))
    #expect(InvoiceNumber("PD-2026-000000") == nil)
    #expect(InvoiceNumber("PD-26-000001") == nil)
    #expect(InvoiceNumber("XX-2026-000001") == nil)
    #expect(InvoiceNumber(year: 2026, sequence: 9) < InvoiceNumber(year: 2026, sequence: 10))
    #expect(InvoiceNumber(year: 2026, sequence: 99) < InvoiceNumber(year: 2027, sequence: 1))
  }

  @Test func R26a_yearOfIssueIsCountedInUTC() {
    // 31 Dec 2026 23:30 UTC is already 1 Jan 2027 in Berlin: the store counts it in 2026.
    let late = Date(timeIntervalSince1970: 1_798_759_800)
    #expect(InvoiceNumber.year(of: late) == 2026)
  }

  @Test func R26a_textCarriesEveryPartAndTheDesignLabels() {
    let lines = Self.sample().textLines(calendar: .utc, width: 60)
    let text = lines.joined(separator: "\n")
    #expect(lines[0] == "Invoice PD-2026-000123")
    for part in [
      "Issued: 16 Nov 2026", "Seller:", "  Paddle.com", "  Merchant of Record for ProxyDash", "Buyer:",
      "  Acme GmbH", "  Ben <Boss>", "  Germany (DE)", "  VAT id DE123456789",
      "Paid by: PayPal ben@example.com",
    ] {
      #expect(lines.contains(part), "\(part)")
    }
    // Advanced $700.00, reverse charged: VAT $0.00 and total $700.00.
    #expect(text.contains("Reverse charge"))
    #expect(lines.contains { $0.hasPrefix("Total:") && $0.hasSuffix("$700.00") })
    #expect(lines.allSatisfy { $0.count <= 60 })
  }

  @Test func R26a_standardVATShowsRateAndAmount() {
    let invoice = Self.sample(vat: .standard(.percent(19)), company: "")
    let lines = invoice.textLines(calendar: .utc)
    // $700.00 × 19 % = $133.00; total $833.00.
    #expect(lines.contains { $0.hasPrefix("VAT 19 %") && $0.hasSuffix("$133.00") })
    #expect(lines.contains { $0.hasPrefix("Total:") && $0.hasSuffix("$833.00") })
    #expect(!lines.joined().contains("Reverse charge"))
  }

  @Test func R26a_htmlIsStandaloneAndEscapesWhatCustomersTyped() {
    let html = Self.sample().html(calendar: .utc)
    #expect(html.contains("Ben &lt;Boss&gt;"))
    #expect(!html.contains("<Boss>"))
    #expect(!html.contains("<script"))
    #expect(!html.contains("http"))
    #expect(html.contains("Total:"))
  }
}
