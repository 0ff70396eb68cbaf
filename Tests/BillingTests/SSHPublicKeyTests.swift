import Foundation
import Testing

@testable import Billing

/// R30: which pasted public keys may open an account over SSH.
@Suite struct SSHPublicKeyTests {
  @Test(arguments: [
    (SSHKeyFixtures.ed25519, "ssh-ed25519", "ava@laptop"),
    (SSHKeyFixtures.ecdsa256, "ecdsa-sha2-nistp256", "e256"),
    (SSHKeyFixtures.ecdsa384, "ecdsa-sha2-nistp384", "e384"),
    (SSHKeyFixtures.ecdsa521, "ecdsa-sha2-nistp521", "e521"),
    (SSHKeyFixtures.rsa2048, "ssh-rsa", "rsa2048"),
  ])
  func R30_acceptedKeyTypesParse(line: String, type: String, comment: String) throws {
    let key = try SSHPublicKey.parse(line + "\n")
    #expect(key.type == type)
    #expect(key.comment == comment)
    #expect(key.line == line)
    #expect(key.blob == Data(base64Encoded: String(line.split(separator: " ")[1])))
  }

  @Test func R30_aKeyWithoutCommentParses() throws {
    let bare = SSHKeyFixtures.ed25519.split(separator: " ").prefix(2).joined(separator: " ")
    let key = try SSHPublicKey.parse(bare)
    #expect(key.comment == "")
    #expect(key.line == bare)
  }

  @Test func R30_rsaBelow2048BitsIsRefused() {
    #expect(throws: SSHPublicKey.Rejection.weakRSA(bits: 1024)) {
      try SSHPublicKey.parse(SSHKeyFixtures.rsa1024)
    }
  }

  @Test func R30_dsaAndUnknownTypesAreRefused() {
    #expect(throws: SSHPublicKey.Rejection.unsupportedType("ssh-dss")) {
      try SSHPublicKey.parse(SSHKeyFixtures.dsa)
    }
    #expect(throws: SSHPublicKey.Rejection.unsupportedType("hello")) { try SSHPublicKey.parse("hello world") }
    let certificate = SSHKeyFixtures.ed25519.replacingOccurrences(
      of: "ssh-ed25519 ", with: "ssh-ed25519-cert-v01@openssh.com ")
    #expect(throws: SSHPublicKey.Rejection.unsupportedType("ssh-ed25519-cert-v01@openssh.com")) {
      try SSHPublicKey.parse(certificate)
    }
  }

  @Test func R30_authorizedKeysOptionsAreRefused() {
    for prefix in ["command=\"/bin/sh\" ", "no-pty ", "from=\"10.0.0.1\",restrict "] {
      #expect(throws: SSHPublicKey.Rejection.hasOptions) {
        try SSHPublicKey.parse(prefix + SSHKeyFixtures.ed25519)
      }
    }
  }

  @Test func R30_emptyAndDamagedLinesAreRefused() {
    #expect(throws: SSHPublicKey.Rejection.empty) { try SSHPublicKey.parse("  \n") }
    #expect(throws: SSHPublicKey.Rejection.notBase64) { try SSHPublicKey.parse("ssh-ed25519") }
    #expect(throws: SSHPublicKey.Rejection.notBase64) { try SSHPublicKey.parse("ssh-ed25519 not*base64!") }
    // The last characters cut off: the blob ends inside the key.
    let cut = String(SSHKeyFixtures.ed25519.split(separator: " ")[1].dropLast(8))
    #expect(throws: SSHPublicKey.Rejection.self) { try SSHPublicKey.parse("ssh-ed25519 \(cut)") }
    #expect(throws: SSHPublicKey.Rejection.tooLong) {
      try SSHPublicKey.parse("ssh-ed25519 " + String(repeating: "A", count: 9000))
    }
  }

  @Test func R30_declaredTypeMustMatchTheBlob() {
    let blob = SSHKeyFixtures.ed25519.split(separator: " ")[1]
    #expect(
      throws: SSHPublicKey.Rejection.typeMismatch(declared: "ecdsa-sha2-nistp256", embedded: "ssh-ed25519")
    ) { try SSHPublicKey.parse("ecdsa-sha2-nistp256 \(blob)") }
  }

  @Test func R30_extraBytesAfterTheKeyAreRefused() throws {
    var blob = try #require(Data(base64Encoded: String(SSHKeyFixtures.ed25519.split(separator: " ")[1])))
    blob.append(contentsOf: [0, 0, 0, 1, 65])
    #expect(throws: SSHPublicKey.Rejection.malformedBlob("extra bytes after the key")) {
      try SSHPublicKey.parse("ssh-ed25519 \(blob.base64EncodedString())")
    }
  }

  @Test func R30_controlCharactersLeaveTheComment() throws {
    let key = try SSHPublicKey.parse(SSHKeyFixtures.ed25519 + " \u{1B}[2Jwiped")
    #expect(!key.comment.contains("\u{1B}"))
    #expect(key.comment.hasPrefix("ava@laptop"))
  }

  @Test func R30_everyRejectionSaysWhatToDo() {
    let rejections: [SSHPublicKey.Rejection] = [
      .empty, .tooLong, .hasOptions, .unsupportedType("x"), .notBase64,
      .typeMismatch(declared: "a", embedded: "b"), .malformedBlob("m"), .weakRSA(bits: 1024),
    ]
    for rejection in rejections {
      #expect(rejection.description.count > 20)
      #expect(!rejection.description.contains("\n"))
    }
  }
}
