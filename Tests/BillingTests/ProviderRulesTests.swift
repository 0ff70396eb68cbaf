import Billing
import Foundation
import Testing

/// The billing rules the provider's side relies on: VAT ids (R2, R24), platform country
/// names (R29), the next due moment a billing run indexes (R28).
@Suite struct ProviderRulesTests {
  @Test(arguments: [
    ("DE811234567", "DE"), ("de 811 234 567", "DE"), ("NL123456789B01", "NL"),
    ("ATU12345678", "AT"), ("EL123456789", "GR"), ("FRXX123456789", "FR"),
    ("ESX1234567X", "ES"), ("IE1234567T", "IE"), ("SE123456789001", "SE"),
    ("BE0123456789", "BE"), ("CZ12345678", "CZ"), ("LT123456789012", "LT"),
  ])
  func R24_vatIDsOfEveryFormatAreRecognised(_ text: String, _ country: String) throws {
    let number = try #require(VATNumber(text))
    #expect(number.countryCode == country)
    #expect(VATNumber.problem(with: text, country: country) == nil)
  }

  @Test(arguments: [
    "DE123", "DE12345678", "DE1234567890", "NL123456789", "ATU1234567", "XX123456789", "US1234",
    "GR123456789", "",
  ])
  func R24_malformedVATIDsAreRefused(_ text: String) {
    #expect(VATNumber(text) == nil)
  }

  @Test func R24_aVATIDOfAnotherCountryIsRefusedWithAReason() throws {
    let problem = try #require(VATNumber.problem(with: "DE811234567", country: "NL"))
    #expect(problem.contains("another country"))
    let format = try #require(VATNumber.problem(with: "DE123", country: "DE"))
    #expect(format.contains("DE123456789"))
    #expect(VATNumber.problem(with: "GB123456789", country: "GB")?.contains("EU") == true)
    #expect(VATNumber.problem(with: "EL123456789", country: "GR") == nil)
  }

  @Test func R2_reverseChargeOnlyForABusinessWhoseVATIDMatchesTheBillingCountry() {
    let rates = Fixture.taxRates
    func treatment(_ country: String, _ company: String, _ vatID: String?) -> VATTreatment {
      rates.treatment(for: BillingProfile(company: company, country: country, vatID: vatID))
    }
    #expect(treatment("DE", "Acme GmbH", "DE811234567") == .reverseCharge)
    // The cases: a German id with billing country NL, and a consumer's 4-character id.
    #expect(treatment("NL", "Acme BV", "DE811234567") == .standard(.percent(21)))
    #expect(treatment("DE", "", "DE811234567") == .standard(.percent(19)))
    #expect(treatment("DE", "Acme GmbH", "DE12") == .standard(.percent(19)))
    #expect(treatment("NL", "Acme BV", "NL123456789B01") == .reverseCharge)
    #expect(treatment("GB", "Acme Ltd", "GB123456789") == .standard(.percent(20)))
  }

  @Test func R29_countryNamesComeFromThePlatform() {
    #expect(TaxRates.Country.platformName("DE") == "Germany")
    #expect(TaxRates.Country.platformName("gr") == "Greece")
    #expect(TaxRates.Country(code: "AT", vat: .percent(20), eu: true).name == "Austria")
    #expect(TaxRates.Country.platformName("QQ") == nil)
    let rates = TaxRates(countries: [TaxRates.Country(code: "AT", vat: .percent(20), eu: true)])
    #expect(rates.country(matching: "austria")?.code == "AT")
  }

  @Test func R28_theNextDueMomentIsTheEarliestThingToDo() throws {
    let bought = Fixture.utc(2026, 11, 1, 10)
    #expect(BillingPolicy.standard.nextDueDate(for: Fixture.account()) == nil)
    let account = try Fixture.buy("res-regular", for: Fixture.account(), at: bought).account
    // The reminder, 3 days before the Dec 1 renewal.
    #expect(BillingPolicy.standard.nextDueDate(for: account) == Fixture.utc(2026, 11, 28, 10))
    let reminded = Fixture.advance(account, to: Fixture.utc(2026, 11, 29)).account
    #expect(BillingPolicy.standard.nextDueDate(for: reminded) == Fixture.utc(2026, 12, 1, 10))
    var longLead = BillingPolicy.standard
    longLead.reminderLeadDays = 7
    #expect(longLead.nextDueDate(for: account) == Fixture.utc(2026, 11, 24, 10))
  }
}
