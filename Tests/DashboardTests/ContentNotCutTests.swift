import Billing
import Foundation
import TerminalUI
import Testing

@testable import Dashboard

/// Issue 15: text that does not fit wraps, or its column gives way with an ellipsis;
/// a reason, a figure or a label is never cut short where there is room.
@Suite struct ContentNotCutTests {
  @Test func R20_aLongRefundReasonWrapsAt80Columns() throws {
    var account = Fixtures.customer()
    // A datacenter plan bought second: the guarantee covers only the first order (R20).
    let bought = Fixtures.now.addingTimeInterval(-86_400)
    let quote = try Fixtures.checkout.quote(
      planID: "dc-basic", for: account, paymentMethod: Fixtures.card, couponCode: nil, now: bought)
    account = Fixtures.checkout.apply(quote, to: account, now: bought).account
    var state = Fixtures.state(account)
    Fixtures.press([.tab], on: &state)
    let screen = state.render().text
    #expect(screen.contains("Refund: not available (only the account's first order is"), "\(screen)")
    #expect(screen.contains("covered)"), "\(screen)")
  }

  @Test func billingHistoryShowsReverseChargeWholeAt120Columns() {
    var account = Fixtures.customer()
    for index in account.orders.indices { account.orders[index].invoice.vatLabel = "Reverse charge" }
    var state = Fixtures.state(account, width: 120, height: 30)
    Fixtures.press([.tab], on: &state)
    let screen = state.render().text
    #expect(screen.contains("rev. charge"), "\(screen)")
    #expect(!screen.contains("…"), "\(screen)")
  }

  @Test func billingHistoryDropsNetBeforeTheItemAt80Columns() {
    var state = Fixtures.state()
    Fixtures.press([.tab], on: &state)
    let screen = state.render().text
    // Regular: net $400.00, VAT $84.00, total $484.00; net and VAT leave, the item stays whole.
    #expect(screen.contains("Purchase · Regular"), "\(screen)")
    #expect(screen.contains("$484.00"), "\(screen)")
    #expect(!screen.contains("$400.00"), "\(screen)")
    #expect(!screen.contains("…"), "\(screen)")
  }

  @Test func aTableDropsColumnsThenElidesItsShrinkingColumn() {
    let table = Table(
      columns: [
        Table.Column("Item", .shrinks(minimum: 8)),
        Table.Column("Net", .fit, alignRight: true, dropPriority: 0),
        Table.Column("Total", .fit, alignRight: true),
      ],
      rows: [.cells(["Upgrade · Advanced", "$700.00", "$847.00"], style: .text)])
    // Wide: every column as wide as its widest cell (+1 spacing): 19, 8, 8.
    #expect(table.fitted(to: 60).columns.map(\.width) == [19, 8, 8])
    // 20 columns (+1 for the last spacing): Item at its minimum 8+1 and Net 8 and Total 8
    // make 25 > 21, so Net leaves; Item takes 21 − 8 = 13 and is elided.
    let narrow = table.fitted(to: 20)
    #expect(narrow.columns.map(\.width) == [13, 0, 8])
    var canvas = Canvas(width: 20, height: 2)
    narrow.render(into: &canvas, area: Rect(x: 0, y: 0, width: 20, height: 2))
    #expect(canvas.text.split(separator: "\n").last == "Upgrade · A… $847.00")
  }

  @Test func aTableWithoutSelectionScrollsToItsOffsetAndKeepsTheLastPageFull() {
    let rows: [Table.Row] = (1...10).map { .cells(["row \($0)"], style: .text) }
    let table = Table(columns: [Table.Column("Name", .fit)], rows: rows, scroll: 8)
    // 5 rows tall: the header and 4 rows; scrolled past the end, rows 7–10 show.
    #expect(table.visibleRows(height: 5) == 6..<10)
  }
}
