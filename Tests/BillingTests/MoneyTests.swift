import Billing
import Foundation
import Testing

@Suite struct MoneyTests {
  @Test func R0_1_moneyIsIntegerCentsWithCurrency() {
    let price = Money.units(400)
    #expect(price.minorUnits == 40_000)
    #expect(price.currency == "USD")
    #expect(price.description == "$400.00")
    #expect(Money(minorUnits: 123_456).description == "$1,234.56")
    #expect(Money(minorUnits: -500).description == "-$5.00")
    #expect(Money(minorUnits: 7).description == "$0.07")
    #expect((Money.units(400) + Money(minorUnits: 1) - Money.units(1)).minorUnits == 39_901)
  }

  @Test func R0_1_percentagesRoundHalfAwayFromZeroOnce() {
    // 10 % of $75.05 = 750.5 cents -> 751; of $75.04 = 750.4 -> 750.
    #expect(Money(minorUnits: 7505).percentage(.percent(10)).minorUnits == 751)
    #expect(Money(minorUnits: 7504).percentage(.percent(10)).minorUnits == 750)
    // Away from zero on the negative side too: -750.5 -> -751.
    #expect(Money(minorUnits: -7505).percentage(.percent(10)).minorUnits == -751)
    // 7.5 % is 750 basis points: 7.5 % of $1.00 = 7.5 cents -> 8.
    #expect(Money(minorUnits: 100).percentage(Rate(basisPoints: 750)).minorUnits == 8)
    #expect(Rounding.divideHalfAwayFromZero(5, 10) == 1)
    #expect(Rounding.divideHalfAwayFromZero(-5, 10) == -1)
    #expect(Rounding.divideHalfAwayFromZero(4, 10) == 0)
    #expect(Rounding.divideHalfAwayFromZero(-4, 10) == 0)
  }

  @Test func R0_1_vatOnPercentDiscountRoundsHalfAwayFromZero() throws {
    // Renewal of Regular ($400) with 1 purchased proxy user ($5) and the recurring 10 %
    // coupon, billed to the Netherlands (21 %):
    //   subtotal 405.00; discount 10 % = 40.50; net 364.50;
    //   VAT 21 % of 364.50 = 76.545 -> 76.55 half away from zero
    //   (banker's rounding would give 76.54, truncation 76.54);
    //   total 364.50 + 76.55 = 441.05.
    var account = Fixture.account(country: "NL")
    account = try Fixture.buy(
      "res-regular", for: account, coupon: "WELCOME10", at: Fixture.utc(2026, 11, 1, 10)
    ).account
    let index = try #require(account.subscriptions.firstIndex { $0.state == .active })
    account.subscriptions[index].extraProxyUsers = 1
    let invoice = try #require(
      Fixture.step.renewalInvoice(for: account.subscriptions[index], in: account))
    #expect(invoice.subtotal.minorUnits == 40_500)
    #expect(invoice.discount.minorUnits == 4_050)
    #expect(invoice.net.minorUnits == 36_450)
    #expect(invoice.vat.minorUnits == 7_655)
    #expect(invoice.total.minorUnits == 44_105)
    #expect(invoice.vatLabel == "VAT 21 %")
    #expect(invoice.discountLabel == "Coupon WELCOME10")
  }

  @Test func R0_1_discountRoundsOnceThenVATOnTheNet() {
    // One line of $75.05, 10 % off, German VAT 19 %:
    //   discount 750.5 -> 751 cents; net 7505 - 751 = 6754;
    //   VAT 19 % of 6754 = 1283.26 -> 1283; total 8037.
    let coupon = Coupon(code: "x", discount: .percent(.percent(10)), recurring: false)
    let invoice = Invoice.priced(
      lines: [InvoiceLine(label: "line", amount: Money(minorUnits: 7505))], coupon: coupon,
      vat: .standard(.percent(19)))
    #expect(invoice.discount.minorUnits == 751)
    #expect(invoice.vat.minorUnits == 1283)
    #expect(invoice.total.minorUnits == 8037)
  }

  @Test func R0_1_fixedDiscountNeverExceedsTheAmount() {
    let coupon = Coupon(code: "big", discount: .fixed(.units(100)), recurring: false)
    #expect(coupon.discount(on: .units(75)) == .units(75))
    #expect(coupon.discount(on: .units(400)) == .units(100))
  }

  @Test func R0_2_trafficIsIntegerBytesShownInDecimalGB() {
    #expect(Traffic.gb(1).bytes == 1_000_000_000)
    #expect(Traffic.gb(50).compact == "50 GB")
    #expect(Traffic.gb(1000).description == "1,000.0 GB")
    // 44.049999999 GB shows 44.0; 44.05 GB rounds half away from zero to 44.1.
    #expect(Traffic(bytes: 44_049_999_999).description == "44.0 GB")
    #expect(Traffic(bytes: 44_050_000_000).description == "44.1 GB")
    #expect(Traffic(bytes: 5_000_000_001).formatted(decimals: 2) == "5.00 GB")
    #expect(Traffic(bytes: 1_200_000_000).compact == "1.2 GB")
    #expect((Traffic.gb(1) - Traffic.gb(3)).clampedAtZero() == .zero)
  }

  @Test func R3_pricePerGBIsPriceOverAllowance() throws {
    let expected: [String: Int64] = [
      "res-micro": 1500, "res-starter": 1000, "res-regular": 800, "res-advanced": 700,
      "res-premium": 600, "res-professional": 500, "res-enterprise": 400, "res-corporate": 350,
      "dc-basic": 100, "dc-clever": 90, "dc-smart": 80, "dc-expert": 70,
    ]
    for (id, cents) in expected {
      let plan = try #require(Fixture.catalog.plan(id: id))
      #expect(plan.pricePerGB.minorUnits == cents, "\(id)")
    }
  }

  @Test func R3_extraTrafficSoldAtThePlansPricePerGB() throws {
    let regular = try #require(Fixture.catalog.plan(id: "res-regular"))
    #expect(regular.priceOfExtra(.gb(3)) == .units(24))
    let clever = try #require(Fixture.catalog.plan(id: "dc-clever"))
    #expect(clever.priceOfExtra(.gb(7)).minorUnits == 630)
    let corporate = try #require(Fixture.catalog.plan(id: "res-corporate"))
    #expect(corporate.priceOfExtra(.gb(3)).minorUnits == 1050)
  }

  @Test func R2_vatRatesDecodeFromData() throws {
    let json = Data(
      """
      {"countries": [{"code": "NL", "name": "Netherlands", "vat": 21, "eu": true},
                     {"code": "XX", "name": "Test", "vat": 7.5, "eu": false}]}
      """.utf8)
    let rates = try JSONDecoder().decode(TaxRates.self, from: json)
    #expect(rates.country("nl")?.vat == .percent(21))
    #expect(rates.country("XX")?.vat == Rate(basisPoints: 750))
    #expect(Rate(basisPoints: 750).description == "7.5 %")
  }

  @Test func R2_billingCountryByCodeOrName() {
    let rates = TaxRates(countries: [
      .init(code: "DE", name: "Germany", vat: .percent(19), eu: true),
      .init(code: "CI", name: "Côte d'Ivoire", vat: .percent(18), eu: false),
    ])
    for typed in ["DE", "de", "Germany", "GERMANY", " germany "] {
      #expect(rates.country(matching: typed)?.code == "DE", "\(typed)")
    }
    #expect(rates.country(matching: "cote d'ivoire")?.code == "CI")
    #expect(rates.country(matching: "Germ") == nil)
    #expect(rates.country(matching: "") == nil)
  }
}
