import Billing
import Foundation
import Testing

@testable import Dashboard

/// R26a in Account settings → Billing history (DESIGN.md: `Enter` / `e` open the row's
/// invoice / export it to a file), on the pure dashboard.
@Suite struct InvoiceScreenTests {
  static let seller = InvoiceSeller(name: "Paddle.com", role: "Merchant of Record for ProxyDash")

  /// ava's fixture (one paid Regular order) with a declined renewal after it, on the
  /// Billing history tab, with the invoices the runtime would load.
  static func history(width: Int = 80, height: Int = 24, declined: Bool = false) -> (AppState, IssuedInvoice)
  {
    var account = Fixtures.customer()
    let paid = account.orders[0]
    if declined {
      var failed = paid
      failed.id = "acct-ava-o2"
      failed.kind = .renewal
      failed.status = .declined
      failed.createdAt = Fixtures.now.addingTimeInterval(-3600)
      account.orders.append(failed)
    }
    let invoice = IssuedInvoice.of(
      paid, number: InvoiceNumber(year: 2026, sequence: 7), item: "Purchase · Regular", seller: seller,
      buyer: InvoiceBuyer(account: account, taxRates: Fixtures.taxRates))
    var state = Fixtures.state(account, width: width, height: height)
    _ = state.apply(.invoices([invoice]))
    Fixtures.press([.tab], on: &state)
    return (state, invoice)
  }

  @Test func R26a_billingHistoryShowsEachRowsInvoiceNumber() {
    let (state, _) = Self.history()
    #expect(state.render().lines.contains { $0.contains("PD-2026-000007") && $0.contains("$484.00") })
  }

  @Test func R26a_enterOpensTheRowsInvoiceWithSellerBuyerAndTotal() throws {
    var (state, invoice) = Self.history(width: 120, height: 40)
    Fixtures.press([.enter], on: &state)
    let popup = try #require(state.overlay as? InvoicePopup)
    #expect(popup.invoice == invoice)
    let screen = state.render().lines.joined(separator: "\n")
    for label in [
      "Invoice PD-2026-000007", "Seller:", "Paddle.com", "Buyer:", "Ava Jansen", "Netherlands (NL)",
    ] {
      #expect(screen.contains(label), "\(label)")
    }
    // Regular $400.00 + VAT 21 % $84.00 = $484.00.
    #expect(screen.contains("VAT 21 %"))
    #expect(state.render().lines.contains { $0.contains("Total:") && $0.contains("$484.00") })
    Fixtures.press([.escape], on: &state)
    #expect(state.overlay == nil)
  }

  @Test func R26a_eExportsTheRowsInvoiceAndThePathsShowWhole() throws {
    var (state, invoice) = Self.history()
    #expect(Fixtures.press([.character("e")], on: &state) == [.exportInvoice(invoice.number)])
    let long = "/var/lib/proxydash/customers/a-rather-long-store-folder-name/exports/PD-2026-000007"
    _ = state.apply(.invoiceExported(invoice.number, paths: [long + ".txt", long + ".html"]))
    let popup = try #require(state.overlay as? MessagePopup)
    #expect(popup.title == "Invoice exported")
    #expect(popup.lines.contains(long + ".txt"))
    #expect(popup.lines.contains(long + ".html"))
    // Wrapped in the box, the whole path is on screen.
    let screen = state.render().lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined()
    #expect(
      screen.replacingOccurrences(of: "│", with: "").replacingOccurrences(of: " ", with: "").contains(long))
  }

  @Test func R26a_aDeclinedRowHasNoInvoiceAndSaysWhy() {
    var (state, _) = Self.history(declined: true)
    // Newest first: the declined renewal is the focused row.
    let effects = Fixtures.press([.enter], on: &state)
    #expect(effects.isEmpty)
    #expect(state.overlay == nil)
    #expect(state.banner?.text == "A declined payment took no money, so it has no invoice.")
    let bottom = state.render().lines[23]
    #expect(!bottom.contains("invoice"))
    #expect(!bottom.contains("export"))
    // The next row, the paid order, has one.
    Fixtures.press([.down], on: &state)
    #expect(state.render().lines[23].contains("Enter invoice"))
    Fixtures.press([.enter], on: &state)
    #expect(state.overlay is InvoicePopup)
  }

  /// At 80×24 the invoice is longer than the box: it scrolls, each line stays inside
  /// the box, and the keys offer only the way it can still go.
  @Test func R26a_theInvoicePopupScrollsInsideItsBoxOnASmallTerminal() throws {
    var (state, invoice) = Self.history()
    // A business buyer: two more buyer lines and the reverse-charge note.
    invoice.buyer.company = "Jansen Data B.V."
    invoice.buyer.vatID = "NL123456789B01"
    invoice.vatLabel = IssuedInvoice.reverseChargeLabel
    _ = state.apply(.invoices([invoice]))
    Fixtures.press([.enter], on: &state)
    var lines = state.render().lines
    let top = try #require(lines.firstIndex { $0.contains("┌─ Invoice PD-2026-000007") })
    let bottom = try #require(lines.lastIndex { $0.contains("└") })
    let left = try #require(lines[top].firstIndex(of: "┌")).utf16Offset(in: lines[top])
    #expect(lines.contains { $0.contains("lines 1–") })
    #expect(!lines[23].contains("up"))
    Fixtures.press(Array(repeating: .down, count: 30), on: &state)
    lines = state.render().lines
    #expect(lines.contains { $0.contains("Order: acct-ava-o1") })
    #expect(!lines[23].contains("down"))
    for row in (top + 1)..<bottom {
      let line = lines[row]
      // The box's side borders are where the top corner says, and nothing is drawn past them.
      #expect(line.count > left && Array(line)[left] == "│", "row \(row): \(line)")
      #expect(line.split(separator: "│", omittingEmptySubsequences: false).count >= 3, "row \(row): \(line)")
    }
  }
}
