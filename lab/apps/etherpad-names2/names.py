#!/usr/bin/env python3
"""Rewrites the user-chosen data of a copy of lab/apps/etherpad (its drive/
scripts and settings) with other names, ids, counts, locales and formats: the
same clients and calls in the same order, other data. Run by record.sh on a
copy, never on lab/apps/etherpad itself.

Every replacement must match exactly as many times as it says (the run stops
otherwise), so that a change to ../etherpad's scripts cannot silently leave
the old data in place.

usage: names.py DIR   (DIR: the copy of lab/apps/etherpad)
"""
import os, sys

# file -> [(original, replacement, expected count)], applied in order
R = {
'env.sh': [
    # own work folder (the installed app under /tmp/shadowtap-lab/etherpad/app is only read)
    ('RUN=${EP_RUN:-$L/run}', 'RUN=${EP_RUN:-/tmp/shadowtap-lab/etherpad-names2/run}', 1),
    ("EP_ADMIN_PASSWORD='Quill-Harbor-73'", "EP_ADMIN_PASSWORD='Saffron-Delta-58'", 1),
],
'settings.json': [
    ('"admin": {"password": "Quill-Harbor-73"', '"admin": {"password": "Saffron-Delta-58"', 1),
    ('"marta.kowalski": {"password": "Tundra-Finch-19"', '"viewer_02": {"password": "plain-Oak-4"', 1),
],
'browser.cjs': [
    ("'/tmp/shadowtap-lab/etherpad/run'", "'/tmp/shadowtap-lab/etherpad-names2/run'", 1),
    # three authors, other UI locales, other pad names and counts (3 + 4 + 2 pads instead of 2 + 3 + 2)
    ("""  { name: 'Marta Kowalski', pads: [
    { id: 'Quarterly-Planning-2027', text: 'Q1 goals: ship the offline mode, hire two support engineers.\\nQ2: review the pricing page with sales.\\n' },
    { id: 'team_retro_notes', text: 'What went well: the release train held every Thursday.\\nWhat to improve: flaky checkout tests.\\n' },
  ], chat: 'I added the Q1 goals, please review before Friday', importPad: 'team_retro_notes' },
  { name: 'Kenji Watanabe', pads: [
    { id: 'OnboardingChecklist', text: '1. Laptop and accounts\\n2. Read the architecture notes\\n3. Pair with a buddy for a week\\n' },
    { id: 'Quarterly-Planning-2027', text: 'Kenji: Q2 also needs the Postgres 17 upgrade.\\n' },
    { id: 'berlin offsite agenda', text: 'Day 1: roadmap, Day 2: hack day, dinner at the canal.\\n' },
  ], chat: 'Added the Postgres upgrade to Q2' },
  { name: 'Oluwaseun Adeyemi', pads: [
    { id: 'release.notes.v3', text: 'v3.0.0\\n- new sharing dialog\\n- faster exports\\n- fixed: emoji in pad titles\\n' },
    { id: 'OnboardingChecklist', text: '4. Set up the staging VPN\\n' },
  ], chat: 'Staging VPN step added', admin: true },""",
     """  { name: 'Amélie Durand', locale: 'fr-FR', pads: [
    { id: 'wk49', text: 'Semaine 49 : livraison du module de facturation.\\nÀ faire : relire les tickets ouverts.\\n' },
    { id: 'kickoff', text: 'Objectifs du projet, équipe, calendrier.\\nRisques : dépendance au fournisseur.\\n' },
    { id: 'Réunion équipe lundi', text: 'Ordre du jour : budget, recrutement, questions diverses.\\n' },
  ], chat: "J'ai ajouté les objectifs, merci de relire", importPad: 'kickoff' },
  { name: 'Haruto Sato', locale: 'ja-JP', pads: [
    { id: 'rfc-0007-rate-limiting-for-the-public-api', text: 'Proposal: token bucket per API key, 600 requests per minute.\\nOpen question: burst size.\\n' },
    { id: 'wk49', text: 'Haruto: the invoice PDF layout is still open.\\n' },
    { id: 'a3f9c27e1b', text: 'scratch: 3f9c 27e1 b004\\n' },
    { id: 'customerInterviewNotes', text: 'Interview 4: wants SSO before the pilot.\\n' },
  ], chat: 'RFC draft is up for comments' },
  { name: 'Kwame Mensah', locale: 'sv-SE', pads: [
    { id: 'budget_fy2028_v2', text: 'FY2028 v2\\n- travel: -12%\\n- tooling: +8%\\n- headcount flat\\n' },
    { id: 'rfc-0007-rate-limiting-for-the-public-api', text: 'Kwame: add a Retry-After header to every 429.\\n' },
  ], chat: 'Budget v2 uploaded', admin: true },""", 1),
    ("{ viewport: { width: 1366, height: 850 }, locale: 'en-US',", "{ viewport: { width: 1366, height: 850 }, locale: au.locale,", 1),
    # the import: an HTML file (Etherpad imports HTML without a converter) instead of a text file
    ("const f = path.join(WORK, 'retro-action-items.txt');", "const f = path.join(WORK, 'Kickoff notes 2026-12-07.html');", 1),
    ("fs.writeFileSync(f, 'Action items\\n- Marta: quarantine the flaky checkout tests\\n- Kenji: write the runbook for the release train\\n- Seun: ask design for the new export icons\\n');",
     "fs.writeFileSync(f, '<html><body><h2>Actions</h2><ul><li>Amélie : valider le budget</li><li>Haruto: RFC 0007 review</li><li>Kwame: FY2028 numbers</li></ul></body></html>\\n');", 1),
],
'anon.sh': [
    # other locales (three instead of two, a long one)
    ('  c $EP_URL/locales/de.json\n  c $EP_URL/locales/pt-br.json\n',
     '  c $EP_URL/locales/ja.json\n  c $EP_URL/locales/zh-hant.json\n  c $EP_URL/locales/be-tarask.json\n', 1),
    # public pads: other pads, other export formats, another old revision, another rewritten name, an id-shaped unknown read-only id
    ('  c $EP_URL/p/CompanyHandbook\n  c $EP_URL/p/CompanyHandbook/export/txt\n  c $EP_URL/p/CompanyHandbook/export/html\n'
     '  c $EP_URL/p/release.notes.v3/export/txt\n  c $EP_URL/p/release.notes.v3/2/export/txt\n'
     '  c $EP_URL/p/OnboardingChecklist/export/etherpad\n  c $EP_URL/p/OnboardingChecklist/timeslider\n'
     '  c "$EP_URL/p/Weekly%20Standup"\n  c $EP_URL/p/Weekly_Standup/export/txt\n  c $EP_URL/ro/no-such-readonly-id\n',
     '  c $EP_URL/p/Handbook\n  c $EP_URL/p/Handbook/export/etherpad\n  c $EP_URL/p/Handbook/export/txt\n'
     '  c $EP_URL/p/20261207/export/html\n'
     '  c $EP_URL/p/budget_fy2028_v2/export/html\n  c $EP_URL/p/budget_fy2028_v2/4/export/etherpad\n'
     '  c $EP_URL/p/kickoff/export/txt\n  c $EP_URL/p/kickoff/timeslider\n'
     '  c "$EP_URL/p/Daily%20Sync%202026"\n  c $EP_URL/p/Daily_Sync_2026/export/html\n  c $EP_URL/ro/r.0f3e9a6d2b1c4e8f9a7b6c5d4e3f2a1b\n', 1),
    ('padID=CompanyHandbook', 'padID=Handbook', 4),
    ('-u admin:admin ', '-u admin:password123 ', 1),
    ('-u marta.kowalski:Tundra-Finch-19 ', '-u viewer_02:plain-Oak-4 ', 1),
],
'api.sh': [
    # nine users of the embedding app instead of six: ids that look like names and names that look like ids
    ('"u-1042:Priya Natarajan" "jdoe:John Doe" "bsmith@acme.example:Beatriz Smith" "TeacherKlaus:Klaus Becker" "u-2207:Amara Okafor" "lin_wei:Lin Wei"',
     '"7f3a9c2e:Ngozi Eze" "student.4711:Jonas Weber" "maria_garcia:María García" "OleNordmann:Ole Nordmann" "kim:Kim Ji-woo" '
     '"ext-contractor-0093:Rahul Verma" "lehrer.mueller@schule.example:Petra Müller" "S-000318:Chidi Okeke" "Standup Bot:Standup Bot"', 1),
    ('"name=Guest Reviewer"', '"name=Gast-Prüfer 2"', 1),
    # five groups instead of four
    ('for g in engineering "Marketing Team" customer-success finance_ops; do',
     'for g in physics-101 "Year 9 Chemistry" grp_2026_intake BoardOfDirectors ops; do', 1),
    # eleven group pads instead of eight
    ('''mk engineering sprint-42-retro "Sprint 42 retro: the deploy pipeline got 30% faster."
mk engineering IncidentReview_2026-11-30 "Timeline of the cache outage on 30 Nov."
mk engineering apiDesignNotes "Pagination: cursor based, max 200 items."
mk "Marketing Team" LaunchPlan "Launch plan for the spring campaign."
mk "Marketing Team" press-release-draft "FOR IMMEDIATE RELEASE"
mk customer-success onboarding_playbook "Week 1: kickoff call, Week 2: data import."
mk finance_ops budget_2027 "Budget 2027, first draft."
mk finance_ops "Q4 Forecast" "Revenue forecast for Q4."
''', '''mk physics-101 lab-report-template "Aim, method, results, error analysis."
mk physics-101 "Kinematics worksheet 3" "A ball is thrown upwards at 12 m/s."
mk physics-101 exam_2027_resit "Resit paper, section B."
mk "Year 9 Chemistry" titrationResults "Group 4: 23.4 ml, 23.6 ml, 23.5 ml."
mk "Year 9 Chemistry" periodic-table-quiz "Which element has the symbol K?"
mk grp_2026_intake welcome "Welcome to the 2026 intake."
mk BoardOfDirectors minutes-2026-Q4 "Minutes of the Q4 board meeting."
mk BoardOfDirectors "Strategy 2030 draft" "Three bets for 2030."
mk ops runbook_db_failover "1. Promote the replica. 2. Repoint the app."
mk ops 7c2e "tmp"
mk ops "on-call rota" "Week 50: Ana, week 51: Ben."
''', 1),
    # four public pads instead of three (one named like an id)
    ('for p in meeting-minutes-2026-12-01 CompanyHandbook reading_list; do', 'for p in minutes_2026_w49 Handbook readingListQ1 20261207; do', 1),
    ('"text=Started by the intranet on 2026-12-01."', '"text=Opened by the school portal."', 1),
    # seven sessions instead of six
    ('for pair in "engineering:u-1042" "engineering:jdoe" "Marketing Team:bsmith@acme.example" "customer-success:u-2207" "finance_ops:lin_wei" "finance_ops:TeacherKlaus"; do',
     'for pair in "physics-101:7f3a9c2e" "physics-101:student.4711" "Year 9 Chemistry:maria_garcia" "grp_2026_intake:kim" '
     '"BoardOfDirectors:lehrer.mueller@schule.example" "ops:ext-contractor-0093" "ops:S-000318"; do', 1),
    ('''$(printf 'Revision %d of %s\\nOwner: %s\\n' $i "${p#*\\$}" "team $i")''', '''$(printf 'Fassung %d von %s\\nVerantwortlich: %s\\n' $i "${p#*\\$}" "Kurs $i")''', 1),
    ('"text=Added by the nightly sync job."', '"text=Synced from the LMS."', 1),
    # public status of two pads instead of three
    ('for p in "${PADS[0]}" "${PADS[3]}" "${PADS[6]}"; do', 'for p in "${PADS[3]}" "${PADS[6]}"; do', 1),
    ('"html=<html><body><h1>Launch plan</h1><ul><li>Teaser video</li><li>Newsletter</li></ul></body></html>"',
     '"html=<html><body><h2>Titration</h2><table><tr><td>Group 4</td><td>23.5 ml</td></tr></table></body></html>"', 1),
    # revisions and chat on five pads instead of four
    ('for p in "${PADS[0]}" "${PADS[4]}" "${PADS[7]}" "${PADS[8]}"; do', 'for p in "${PADS[1]}" "${PADS[5]}" "${PADS[9]}" "${PADS[11]}" "${PADS[14]}"; do', 1),
    ('"text=Reminder: review before Friday" "authorID=${AUTH[u-1042]}"', '"text=Bitte bis Mittwoch prüfen" "authorID=${AUTH[7f3a9c2e]}"', 1),
    ('"text=Done, merged my notes" "authorID=${AUTH[jdoe]}"', '"text=ok" "authorID=${AUTH[kim]}"', 1),
    ('"padID=${PADS[8]}" "msg=The intranet will restart at 18:00 UTC"', '"padID=${PADS[11]}" "msg=Maintenance tonight 22:00-22:30 CET"', 1),
    ('"sourceID=${PADS[8]}" "destinationID=meeting-minutes-2026-12-08"', '"sourceID=${PADS[11]}" "destinationID=minutes_2026_w50"', 1),
    ('"sourceID=${PADS[9]}" "destinationID=CompanyHandbook-v2"', '"sourceID=${PADS[12]}" "destinationID=Handbook.v2"', 1),
    ('"sourceID=${PADS[10]}" "destinationID=reading-list-2027"', '"sourceID=${PADS[13]}" "destinationID=reading-list-archive"', 1),
    ('"padID=CompanyHandbook-v2"', '"padID=Handbook.v2"', 1),
    ('"padID=reading-list-2027"', '"padID=reading-list-archive"', 2),
    ('for p in Quarterly-Planning-2027 team_retro_notes OnboardingChecklist berlin_offsite_agenda release.notes.v3; do',
     'for p in wk49 kickoff "Réunion_équipe_lundi" rfc-0007-rate-limiting-for-the-public-api a3f9c27e1b customerInterviewNotes budget_fy2028_v2; do', 1),
    ('"padID=no-such-pad-xyz"', '"padID=deleted_pad_1"', 1),
    ('"groupID=g.0000000000000000" "padName=orphan"', '"groupID=g.zzzzzzzzzzzzzzzz" "padName=Unassigned notes"', 1),
    ('"sessionID=s.doesnotexist"', '"sessionID=s.0123456789abcdef"', 1),
    ('"padID=meeting-minutes-2026-12-08"', '"padID=minutes_2026_w50"', 1),
    ('"groupID=${GRP[customer-success]}"', '"groupID=${GRP[grp_2026_intake]}"', 1),
],
}


def main():
    d = os.path.join(sys.argv[1], 'drive')
    bad = 0
    for f, reps in R.items():
        p = os.path.join(d, f)
        s = open(p, encoding='utf-8').read()
        for a, b, n in reps:
            got = s.count(a)
            if got != n:
                print(f'names.py: {f}: expected {n} of {a[:70]!r}, found {got}', file=sys.stderr)
                bad += 1
            s = s.replace(a, b)
        open(p, 'w', encoding='utf-8').write(s)
    if bad:
        sys.exit(1)

if __name__ == '__main__':
    main()
