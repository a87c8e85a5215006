import CouponDeskText
import Foundation
import WeChatPayCore

/// How the doctor reaches the server: over the network, probing each step on the way (the real thing,
/// or `sandbox serve`), or in-process (the demo's sandbox: nothing to probe).
enum DoctorReach: Sendable {
    case network(probe: any ConnectionProbing, transport: any Transport)
    case inProcess(transport: any Transport, description: Words)
}

/// Everything the doctor takes from the world, so a test can replace any of it: the environment (locale,
/// terminal), the clock, and the way to the server.
struct DoctorWorld: Sendable {
    var environment: [String: String]
    var clock: any Clock
    var reach: DoctorReach
}

/// `coupondesk doctor`'s checks, in the order a support agent fixes things: the config, the keys, the
/// way to the server and WeChat Pay's verdict on a signed call, then this machine.
enum Doctor {
    static func examine(_ subject: DoctorSubject, historyPath: String, world: DoctorWorld) async -> [Diagnosis] {
        let facts = subject.facts
        let keys = LoadedKeys(facts)
        var lines = [
            ConfigChecks.parses(subject),
            ConfigChecks.flavorKeys(facts, keys: keys),
            KeyChecks.permissions(facts),
            KeyChecks.privateKey(facts, keys: keys),
            KeyChecks.keyPair(facts, keys: keys),
        ]
        lines += KeyChecks.certificates(facts, keys: keys, now: world.clock.now())
        lines += [ConfigChecks.verificationMode(facts), PublicKeyChecks.keyID(facts), PublicKeyChecks.key(facts, keys: keys)]
        lines += await server(facts, keys: keys, world: world)
        lines.append(LocalChecks.history(historyPath))
        lines.append(LocalChecks.locale(world.environment))
        lines += LocalChecks.terminal(world.environment)
        return lines
    }

    /// The way to the server, its clock, and the signed call — which is only made when the server can
    /// be reached at all (else it would wait out the same timeout again and say the same thing).
    static func server(_ facts: ConfigFacts, keys: LoadedKeys, world: DoctorWorld) async -> [Diagnosis] {
        switch world.reach {
        case .inProcess(let transport, let description):
            return [.ok(.network, description),
                    await SignedCallCheck(facts: facts, keys: keys, transport: transport, clock: world.clock).run()]
        case .network(let probe, let transport):
            guard let base = facts.baseURL else {
                return [.skipped(.dns, Words(.baseURLUnusable)), .skipped(.signedCall, Words(.callNoBaseURL))]
            }
            let url = NetworkChecks.probeURL(base)
            let result = await probe.probe(url)
            var lines = NetworkChecks.connection(result, url: url)
            lines.append(NetworkChecks.clock(result, now: world.clock.now()))
            if result.failure == nil {
                lines.append(await SignedCallCheck(facts: facts, keys: keys, transport: transport, clock: world.clock).run())
            } else {
                lines.append(.skipped(.signedCall, Words(.callUnreachable)))
            }
            return lines
        }
    }
}
