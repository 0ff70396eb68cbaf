import Billing
import Foundation
import TerminalUI
import Testing

@testable import Dashboard

/// A form stays open until its service answers: a refusal keeps the input and lands on
/// the field it names (issue 15: a taken proxy-user name or a wrong current password
/// closed the form and lost what was typed).
@Suite struct FormSubmissionTests {
  static func type(_ text: String, on state: inout AppState) {
    Fixtures.press(text.map { Key.character($0) }, on: &state)
  }

  @Test func R25_aTakenProxyUserNameStaysOnTheNameFieldWithTheInputKept() throws {
    var state = Fixtures.state(section: .proxyUsers)
    Fixtures.press([.character("a")], on: &state)
    Self.type("office", on: &state)
    Fixtures.press([.tab], on: &state)
    Self.type("s3cret-pass", on: &state)
    let effects = Fixtures.press([.tab, .tab, .enter], on: &state)
    #expect(
      effects == [.addProxyUser(product: .residential, name: "office", password: "s3cret-pass", limit: nil)])
    #expect(state.overlay is ProxyUserForm, "the form waits for the answer")
    _ = state.apply(
      .failed(
        Failure(.field(.proxyUserName), message: "A proxy user named office already exists for Residential."))
    )
    let form = try #require(state.overlay as? ProxyUserForm, "the refusal closed the form")
    #expect(form.form.fields[0].error == "A proxy user named office already exists for Residential.")
    #expect(form.form.text(.name) == "office")
    #expect(form.form.text(.password) == "s3cret-pass")
    #expect(form.form.focusedID == .name)
    #expect(state.render().contains("already exists"))
  }

  @Test func R25_theFormClosesWhenTheServiceSaysDone() throws {
    var state = Fixtures.state(section: .proxyUsers)
    Fixtures.press([.character("a")], on: &state)
    Self.type("office", on: &state)
    Fixtures.press([.tab], on: &state)
    Self.type("s3cret-pass", on: &state)
    Fixtures.press([.tab, .tab, .enter], on: &state)
    let snapshot = try #require(state.snapshot)
    _ = state.apply(.done(message: "Proxy user office added.", snapshot: snapshot))
    #expect(state.overlay == nil)
    #expect(state.banner?.text == "Proxy user office added.")
  }

  @Test func R24_aWrongCurrentPasswordIsShownOnItsFieldAndTheFormStays() throws {
    var state = Fixtures.state()
    Fixtures.press([.backTab, .character("w")], on: &state)
    #expect(state.overlay is PasswordForm, "\(state.render())")
    Self.type("not-my-password", on: &state)
    Fixtures.press([.tab], on: &state)
    Self.type("Brand-new-pass-1", on: &state)
    Fixtures.press([.tab], on: &state)
    Self.type("Brand-new-pass-1", on: &state)
    let effects = Fixtures.press([.tab, .enter], on: &state)
    #expect(effects == [.changePassword(current: "not-my-password", new: "Brand-new-pass-1")])
    _ = state.apply(.failed(Failure(.field(.currentPassword), message: "The current password is wrong.")))
    let form = try #require(state.overlay as? PasswordForm, "the refusal closed the form")
    #expect(form.form.fields[0].error == "The current password is wrong.")
    #expect(form.form.text(.new) == "Brand-new-pass-1")
    #expect(state.banner?.tone != .danger, "said on the field, not in the banner")
  }

  @Test func anAnswerThatNeedsAReloadStillClosesTheForm() {
    var state = Fixtures.state()
    Fixtures.press([.backTab, .character("w")], on: &state)
    Self.type("x", on: &state)
    Fixtures.press([.tab], on: &state)
    Self.type("Brand-new-pass-1", on: &state)
    Fixtures.press([.tab], on: &state)
    Self.type("Brand-new-pass-1", on: &state)
    Fixtures.press([.tab, .enter], on: &state)
    let effects = state.apply(
      .failed(Failure(.changedElsewhere, message: "This account was changed elsewhere.")))
    #expect(effects == [.reload])
  }

  @Test func R24_escInEditProfileWithEditsAsksBeforeDroppingThem() {
    var state = Fixtures.state()
    Fixtures.press([.backTab, .character("e")], on: &state)
    Self.type("X", on: &state)
    Fixtures.press([.escape], on: &state)
    #expect(state.overlay is ProfileForm, "Esc dropped the edits without asking")
    #expect(state.render().contains("Discard your changes"))
    #expect(state.render().lines[23].contains("y discard"))
    Fixtures.press([.character("n")], on: &state)
    #expect((state.overlay as? ProfileForm)?.form.text(.name).hasSuffix("X") == true, "n keeps editing")
    Fixtures.press([.escape, .character("y")], on: &state)
    #expect(state.overlay == nil)
  }

  @Test func escInEditProfileWithoutEditsClosesAtOnce() {
    var state = Fixtures.state()
    Fixtures.press([.backTab, .character("e"), .escape], on: &state)
    #expect(state.overlay == nil)
  }

  @Test func R16a_updatePaymentMethodOpensOnTheMethodRowAndTypingGoesToTheCard() throws {
    var state = Fixtures.state()
    Fixtures.press([.character("u"), .right], on: &state)
    var form = try #require(state.overlay as? PaymentForm)
    #expect(form.kind == .payPal, "←/→ change the method at once")
    Fixtures.press([.left, .character("4"), .character("2")], on: &state)
    form = try #require(state.overlay as? PaymentForm)
    #expect(form.kind == .card)
    #expect(form.form.text(.number) == "42", "typing on the Method row goes to the card number")
  }
}
