import Billing
import DashboardRuntime
import Foundation
import Services
import TerminalUI
import Testing

@testable import Dashboard

/// R30 through the runtime and a real store: what Profile → SSH keys does is what the
/// services keep, for the logged-in account and no other.
@Suite struct SSHKeysRuntimeTests {
  @Test func R30_aKeyAddedInTheDashboardOpensOnlyTheLoggedInAccount() throws {
    let service = try ProxyDashService.temporary(clock: FixedClock(Fixtures.now))
    defer {
      service.store.close()
      try? FileManager.default.removeItem(at: service.store.directory)
    }
    try service.setCatalog(Fixtures.catalog, taxRates: Fixtures.taxRates, coupons: Fixtures.coupons)
    let ava = try service.signUp(email: "ava@example.com", password: "correct horse 42", country: "US")
    let ben = try service.signUp(email: "ben@example.com", password: "correct horse 43", country: "US")

    func keys(_ keys: [Key], on runtime: Runtime) {
      for key in keys {
        runtime.send(.key(key))
        _ = runtime.render()
      }
    }

    // Ava has no plan, so 3 opens Profile (DESIGN.md).
    let avas = Runtime(state: AppState(width: 100, height: 30), service: service)
    try avas.logIn(as: "ava@example.com")
    keys([.character("3"), .character("s"), .character("a")], on: avas)
    avas.send(.paste(SSHKeysPageTests.line + "\n"))
    keys([.enter, .enter], on: avas)
    let added = try service.sshKeys(accountID: ava.id)
    #expect(added.map(\.fingerprint) == [SSHKeysPageTests.fingerprint])
    #expect(added.first?.comment == "ava@laptop")
    #expect(try service.sshKeys(accountID: ben.id).isEmpty)
    #expect(avas.state.overlay == nil)
    #expect(avas.render().text.contains("> \(SSHKeysPageTests.fingerprint)"))
    #expect(avas.render().text.contains("never used"))

    // Ben pasting Ava's key is told on the field, and his list stays empty.
    let bens = Runtime(state: AppState(width: 100, height: 30), service: service)
    try bens.logIn(as: "ben@example.com")
    keys([.character("3"), .character("s"), .character("a")], on: bens)
    bens.send(.paste(SSHKeysPageTests.line))
    keys([.enter, .enter], on: bens)
    let form = try #require(bens.state.overlay as? AddSSHKeyForm)
    #expect(form.form.fields[0].error?.contains("opens another account") == true)
    #expect(form.form.text(.key) == SSHKeysPageTests.line)
    #expect(try service.sshKeys(accountID: ben.id).isEmpty)
    #expect(bens.state.snapshot?.sshKeys.isEmpty == true)

    // Ava removes it (after the question): gone from the store.
    keys([.character("d"), .character("y")], on: avas)
    #expect(try service.sshKeys(accountID: ava.id).isEmpty)
    #expect(avas.render().text.contains("No SSH keys yet"))
    #expect(avas.state.banner?.text == "SSH key removed: it no longer opens this account.")
  }
}
