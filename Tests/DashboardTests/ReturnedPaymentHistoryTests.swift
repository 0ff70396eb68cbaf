import Billing
import Foundation
import Testing

@testable import Dashboard
@testable import TerminalUI

/// R33: the customer sees a payment that went back in Billing history.
@Suite struct ReturnedPaymentHistoryTests {
  @Test func R33_billingHistoryShowsTheReturnedPayment() {
    let account = Fixtures.customer()
    var snapshot = Fixtures.snapshot(account)
    snapshot.returnedPayments = [
      ReturnedPayment(
        id: "k1", item: "2 proxy users", amount: Money(minorUnits: 1210),
        paymentMethod: .payPal(email: "a@example.com"),
        chargedAt: Fixtures.now, refundedAt: Fixtures.now)
    ]
    var state = AppState(width: 120, height: 40)
    _ = state.apply(.loggedIn(snapshot))
    state.section = .account
    state.banner = nil
    Fixtures.press([.tab], on: &state)
    let screen = state.render().text
    // Issue 15: the whole item at 120 columns, not "Refunded: …, the account chan…".
    let row = screen.split(separator: "\n").first { $0.contains("Returned: 2 proxy users") }
    #expect(row?.contains("$12.10  refunded") == true, "\(screen)")
    #expect(!screen.contains("…"), "\(screen)")
  }
}
