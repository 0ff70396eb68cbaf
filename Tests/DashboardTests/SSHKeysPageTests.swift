import Billing
import Foundation
import TerminalUI
import Testing

@testable import Dashboard

/// R30 in the dashboard: Profile → SSH keys lists the account's keys, adds a pasted
/// public key line and removes a key after asking.
@Suite struct SSHKeysPageTests {
  /// `ssh-keygen -lf` on this line prints
  /// `256 SHA256:ymSDnPTMcV9OTmSRvkDhc0i2kx1raz93bK62JmwtA40 ava@laptop (ED25519)`.
  static let line =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDk3ENI0B8VG0Rxn6cSemflOzemnr6eKAvE03iDov5SW ava@laptop"
  static let fingerprint = "SHA256:ymSDnPTMcV9OTmSRvkDhc0i2kx1raz93bK62JmwtA40"

  static let laptop = SSHKeyInfo(
    id: 7, type: "ssh-ed25519", fingerprint: fingerprint, comment: "ava@laptop",
    addedAt: Fixtures.now.addingTimeInterval(-86_400), lastUsedAt: Fixtures.now.addingTimeInterval(-3_600))
  static let server = SSHKeyInfo(
    id: 9, type: "ssh-rsa", fingerprint: "SHA256:0123456789abcdefghijklmnopqrstuvwxyzABCDEFG", comment: "",
    addedAt: Fixtures.now, lastUsedAt: nil)

  /// Ava's dashboard on Profile → SSH keys, with `keys` registered.
  static func page(keys: [SSHKeyInfo], width: Int = 80, height: Int = 24) -> AppState {
    var state = Fixtures.state(width: width, height: height)
    state.snapshot?.sshKeys = keys
    Fixtures.press([.backTab, .character("s")], on: &state)
    return state
  }

  @Test(arguments: [(80, 24), (100, 30)])
  func R30_theProfileOpensTheKeysListedWithFingerprintCommentAndLastUse(width: Int, height: Int) {
    var state = Fixtures.state(width: width, height: height)
    state.snapshot?.sshKeys = [Self.laptop, Self.server]
    Fixtures.press([.backTab], on: &state)
    #expect(state.render().text.contains("SSH keys          2 keys"))
    Fixtures.press([.character("s")], on: &state)
    let screen = state.render().text
    #expect(screen.contains("> \(Self.fingerprint)"))
    // Last use in the account's own calendar, as every date on the dashboard.
    let calendar = state.snapshot?.calendar ?? .utc
    #expect(
      screen.contains("ED25519 · last used \(calendar.dateTimeText(Fixtures.now - 3_600)) · ava@laptop"))
    #expect(screen.contains("  SHA256:0123456789abcdefghijklmnopqrstuvwxyzABCDEFG"))
    #expect(screen.contains("RSA · never used · no comment"))
  }

  @Test func R30_aLongCommentIsCutAtEightyColumnsNotTheLastUse() {
    var key = Self.laptop
    key.comment = "ava@a-very-long-host-name.build-farm.example.com"
    let screen = Self.page(keys: [key]).render().text
    let calendar = Fixtures.state().snapshot?.calendar ?? .utc
    #expect(screen.contains("ED25519 · last used \(calendar.dateTimeText(Fixtures.now - 3_600)) · ava@a-"))
    #expect(screen.contains("…"))
    #expect(!screen.contains("build-farm"))
  }

  @Test func R30_removeIsOfferedOnlyWhenThereIsAKeyAndHelpSaysWhyNot() {
    var state = Self.page(keys: [])
    #expect(state.render().text.contains("No SSH keys yet"))
    #expect(!state.hintRows.filter(\.isHinted).contains { $0.label == "remove" })
    let remove = state.hintRows.first { $0.label == "remove" }
    #expect(remove?.disabledReason == "There is no SSH key to remove: a adds one.")
    Fixtures.press([.character("d")], on: &state)
    #expect(state.overlay == nil)
    #expect(state.banner?.text == "There is no SSH key to remove: a adds one.")

    let withKey = Self.page(keys: [Self.laptop])
    #expect(withKey.hintRows.contains { $0.label == "remove" && $0.isHinted })
  }

  @Test func R30_removingAsksFirstNamingTheSelectedKey() throws {
    var state = Self.page(keys: [Self.laptop, Self.server])
    Fixtures.press([.down, .character("d")], on: &state)
    let popup = try #require(state.overlay as? RemoveSSHKeyPopup)
    #expect(popup.key == Self.server)
    #expect(popup.focus == 0)
    #expect(state.render().text.contains("Remove this SSH key?"))
    #expect(state.render().text.contains(Self.server.fingerprint))
    // n (and Enter on the default Keep) keep it; y removes that key, by id.
    #expect(Fixtures.press([.character("n")], on: &state).isEmpty)
    #expect(state.overlay == nil)
    Fixtures.press([.delete], on: &state)
    #expect(Fixtures.press([.enter], on: &state).isEmpty)
    Fixtures.press([.delete], on: &state)
    #expect(Fixtures.press([.character("y")], on: &state) == [.removeSSHKey(id: 9)])
    #expect(state.overlay == nil)
  }

  @Test func R30_aPastedKeyIsSentAndTheFormClosesOnlyOnceAdded() throws {
    var state = Self.page(keys: [])
    Fixtures.press([.character("a")], on: &state)
    #expect(state.overlay is AddSSHKeyForm)
    // A terminal's paste of a copied line carries its line break: text, not Enter.
    _ = state.apply(.paste(Self.line + "\n"))
    #expect(state.overlay is AddSSHKeyForm)
    let effects = Fixtures.press([.enter, .enter], on: &state)
    #expect(effects == [.addSSHKey(line: Self.line)])
    // Waiting for the service: still open, and keys do not send it twice.
    #expect(state.overlay is AddSSHKeyForm)
    #expect(Fixtures.press([.enter], on: &state).isEmpty)

    // Refused by the service: the reason on the field, the line kept, the form open.
    let reason =
      "The key \(Self.fingerprint) opens another account; one key opens one account, so make a new key for this one."
    _ = state.apply(.failed(Failure(message: reason)))
    let refused = try #require(state.overlay as? AddSSHKeyForm)
    #expect(refused.form.fields[0].error == reason)
    #expect(refused.form.text(.key) == Self.line)
    #expect(state.banner == nil)
    let screen = state.render().text
    #expect(screen.contains("! The key \(Self.fingerprint)"))
    #expect(screen.contains("another account; one key opens one account"))

    // Sent again and added: the form closes and the banner says so.
    #expect(Fixtures.press([.tab, .enter], on: &state) == [.addSSHKey(line: Self.line)])
    var snapshot = try #require(state.snapshot)
    snapshot.sshKeys = [Self.laptop]
    _ = state.apply(.done(message: "SSH key \(Self.fingerprint) added.", snapshot: snapshot))
    #expect(state.overlay == nil)
    #expect(state.render().text.contains("> \(Self.fingerprint)"))
  }

  @Test(arguments: [
    ("ssh-ed25519 AAAA ava@laptop", "The key's data is damaged"),
    (
      "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDVSMZENzX6dZamFWOJtB75WQhJLZIxvOMxfYD4EiFZWEZheixDsswiDNSUR/6AjeBd1SW0GnfEBP548eq2u9SIsziUiSqUyfcCPo3QpFqyEZXFOKLMSwkVxs5iFGy7OiCiBFzWbvfsydNjDXl0MCrC025DN9aEt/1JuwBzg2oH9w== rsa1024",
      "This RSA key has 1024 bits; 2048 or more are needed"
    ),
    ("command=\"sh\" " + line, "Paste the key without authorized_keys options"),
    ("", "Paste a public key line"),
  ])
  func R30_aKeyTheServiceWouldRefuseIsRefusedOnTheFieldFirst(line: String, reason: String) throws {
    var state = Self.page(keys: [])
    Fixtures.press([.character("a")], on: &state)
    _ = state.apply(.paste(line))
    #expect(Fixtures.press([.enter, .enter], on: &state).isEmpty)
    let form = try #require(state.overlay as? AddSSHKeyForm)
    #expect(form.form.fields[0].error?.hasPrefix(reason) == true, "\(form.form.fields[0].error ?? "none")")
    #expect(form.form.text(.key) == line)
    #expect(form.form.focusedID == .key)
  }

  @Test func R30_aPastedPrivateKeyIsRefusedAndNotKept() throws {
    var state = Self.page(keys: [])
    Fixtures.press([.character("a")], on: &state)
    _ = state.apply(
      .paste(
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n"))
    let form = try #require(state.overlay as? AddSSHKeyForm)
    #expect(form.form.text(.key).isEmpty)
    #expect(form.form.fields[0].error?.hasPrefix("That was a private key") == true)
    #expect(!state.render().text.contains("b3BlbnNzaC1rZXktdjEAAAAA"))
    #expect(Fixtures.press([.tab, .enter], on: &state).isEmpty)
  }

  @Test func R30_escapeClosesTheFormEvenWhileItWaitsForTheService() {
    var state = Self.page(keys: [])
    Fixtures.press([.character("a")], on: &state)
    _ = state.apply(.paste(Self.line))
    #expect(Fixtures.press([.enter, .enter], on: &state) == [.addSSHKey(line: Self.line)])
    Fixtures.press([.escape], on: &state)
    #expect(state.overlay == nil)
  }

  @Test func R30_aPastedPuTTYPrivateKeyIsNotKeptEither() throws {
    var state = Self.page(keys: [])
    Fixtures.press([.character("a")], on: &state)
    _ = state.apply(
      .paste("PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nPrivate-Lines: 1\nAAAAIGsecret\n"))
    let form = try #require(state.overlay as? AddSSHKeyForm)
    #expect(form.form.text(.key).isEmpty)
    #expect(!state.render().text.contains("AAAAIGsecret"))
  }

  @Test func R30_escapeLeavesThePageAndTabMovesOn() {
    var state = Self.page(keys: [Self.laptop])
    Fixtures.press([.escape], on: &state)
    #expect(state[SettingsView.self].sshKeysPage == nil)
    #expect(state.render().text.contains("e Edit profile"))
    Fixtures.press([.character("s"), .tab], on: &state)
    #expect(state[SettingsView.self].sshKeysPage == nil)
    // Back on Profile, the profile shows, not the page left behind.
    Fixtures.press([.backTab], on: &state)
    #expect(state.render().text.contains("e Edit profile"))
  }

  @Test func R30_theSelectionStaysOnAKeyThatExistsAfterARemoval() throws {
    var state = Self.page(keys: [Self.laptop, Self.server])
    Fixtures.press([.down, .down, .down], on: &state)
    #expect(state[SettingsView.self].sshKeysPage?.selected == 1)
    var snapshot = try #require(state.snapshot)
    snapshot.sshKeys = [Self.laptop]
    _ = state.apply(.done(message: "SSH key removed: it no longer opens this account.", snapshot: snapshot))
    Fixtures.press([.character("d")], on: &state)
    #expect((state.overlay as? RemoveSSHKeyPopup)?.key == Self.laptop)
  }

  /// A long list scrolls with the selection, and says where it is.
  @Test func R30_manyKeysScrollWithTheSelection() {
    let keys = (1...12).map {
      SSHKeyInfo(
        id: Int64($0), type: "ssh-ed25519", fingerprint: "SHA256:key\($0)", comment: "laptop-\($0)",
        addedAt: Fixtures.now, lastUsedAt: nil)
    }
    var state = Self.page(keys: keys)
    #expect(state.render().text.contains("> SHA256:key1"))
    Fixtures.press(Array(repeating: .down, count: 11), on: &state)
    let screen = state.render().text
    #expect(screen.contains("> SHA256:key12"))
    #expect(screen.contains("laptop-12"))
    #expect(!screen.contains("SHA256:key1\n"))
    #expect(screen.contains(" of 12"))
  }
}
