import Billing
import Foundation
import Storage
import Testing

@testable import Services

/// R24 through the services: every email a customer gives (sign-up, PayPal) names one
/// mailbox, or the use case refuses it and stores nothing.
@Suite struct EmailFormTests {
  static let lists = [
    "eve,bob@example.com", "grp:a@example.com", "Eve <eve@example.com>", "\"eve\"@example.com",
  ]

  @Test(arguments: lists)
  func R24_signUpRefusesAListOrAGroup(email: String) throws {
    let world = try TestWorld()
    expectError(.invalidEmail(email)) { () throws(ServiceError) in
      try world.service.signUp(email: email, password: TestWorld.password)
    }
    #expect(try world.service.store.read { try $0.accountCount() } == 0)
  }

  @Test(arguments: lists)
  func R16_payPalRefusesAListOrAGroup(email: String) throws {
    let world = try TestWorld()
    let account = try world.signUp()
    expectError(.billing(.invalidPayPalEmail(email))) { () throws(ServiceError) in
      try world.service.storedMethod(from: .payPal(email: email), accountID: account.id)
    }
  }
}
