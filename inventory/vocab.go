package inventory

import "strings"

// vocabulary is a small list of English words common in API paths. A plain
// lower-case segment found in it (directly or as a singular/plural) is a
// "word" sibling that needs much evidence before collapsing; one not in it
// (asilva, jdoe, kubernetes) is a "name" and collapses on less.
var vocabulary = map[string]bool{}

func init() {
	for _, w := range strings.Fields(vocabText) {
		vocabulary[w] = true
	}
}

// inVocabulary reports whether a lower-case word (or its singular) is a
// known word.
func inVocabulary(w string) bool {
	if vocabulary[w] {
		return true
	}
	if s := singular(w); s != w && vocabulary[s] {
		return true
	}
	if strings.HasSuffix(w, "ing") && len(w) > 5 && (vocabulary[w[:len(w)-3]] || vocabulary[w[:len(w)-3]+"e"]) {
		return true
	}
	if strings.HasSuffix(w, "ed") && len(w) > 4 && (vocabulary[w[:len(w)-2]] || vocabulary[w[:len(w)-1]]) {
		return true
	}
	return false
}

const vocabText = `
a about access account accounts acl action actions activate activities activity ad add address adjust admin
admins advanced affiliate after agent agents aggregate ai alarm alert alerts alias aliases all allocation
allow analysis analytics analyze and announcement answer any api apis app append application applications
apply approval approve apps archive area areas article articles as asset assets assign assignment
async attach attachment attachments attempt attribute attributes audience audit audits auth authenticate
author authorization authorize authors auto availability available avatar avatars back backup badge
balance balances ban bank banner base basic batch beta bid bill billing bills bin binary block blocks
blog blogs board boards body book booking bookings books bot bots box branch branches brand brands
broadcast browse bucket buckets budget bug build builds bulk bundle bundles business button buy cache
calendar calendars call callback callbacks calls campaign campaigns cancel capabilities capture card
cards cart carts case cases catalog catalogs catalogue categories category center certificate
certificates change changelog changes channel channels charge charges chart charts chat check checkout
checks child children city claim claims class classes clear clearance click client clients clone close
cluster clusters code codes collection collections color column columns command commands comment comments
commit commits common community companies company compare complete compliance component components compose
config configs configuration configure confirm connect connection connections connector console contact
contacts container containers content contents context contract contracts control conversation
conversations convert cookie copy core cost costs count counter countries country coupon coupons course
courses cover create credential credentials credit credits cron csv currencies currency current custom
customer customers customize daily dashboard dashboards data database databases dataset datasets date
day days deal deals debug decline default definition definitions delete delivery demo department
departments deploy deployment deployments deposit describe description design destination detail details
dev device devices diagnostics diff digest direct directory disable discount discounts discover discovery
dispatch display dispute disputes dns doc docs document documents domain domains done download downloads
draft drafts drive dump duplicate edit editor education email emails embed employee employees enable
end endpoint endpoints engine enroll enrollment entitlements entries entry environment environments
error errors estimate event events exchange execute execution executions exists expense expenses
experiment experiments explore export exports extension extensions external fact factor failure family faq
favorite favorites feature featured features feed feedback feeds fee fees field fields file files filter
filters finance find fix flag flags flow flows folder folders follow followers following font form
format forms forward free friend friends fulfillment function functions fund funds gallery game games
gateway general generate get gift global goal goals grant graph graphql group groups guest guide guides
hash health help history hold holiday holidays home hook hooks host hosts hour hourly identity image
images import imports inbox incident incidents index info information init input insight insights install
installation instance instances integration integrations intent interface internal invitation
invitations invite invoice invoices ip issue issues item items job jobs join journal key keys kind
label labels language languages last latest launch layout lead leads leave ledger legacy legal level
library license licenses like likes limit limits line lines link links list lists live load local
locale location locations lock log login logout logs lookup loyalty mail main maintenance manage
manager manifest map maps mark market marketing marketplace match me media meeting meetings member
members membership memberships menu merchant merge message messages meta metadata method methods metric
metrics migrate migration mine mobile mode model models module modules monitor monitoring month monthly
move my name names namespace namespaces network new news next node nodes note notes notification
notifications now oauth object objects offer offers office on open operation operations option
options order orders org organization organizations orgs origin outbox output overview owner owners
package packages page pages partner partners password patch pause pay payee payment payments payout
payouts payroll payslip payslips pending people performance period permission permissions person
persons phone photo photos pin ping pipeline pipelines place plan plans platform play player players
playlist plugin plugins point points policies policy poll pool popular port portal portfolio position
positions post posts preference preferences preview price prices pricing print priority private process
product production products profile profiles program programs progress project projects promo promotion
promotions property properties provider providers proxy public publish purchase purchases push query
question questions queue queues quote quotes random range rate rates raw read recent recipient
recipients recommendation recommendations record records recover redirect refresh refund refunds region
regions register registration registry reject release releases reload remove render renew replay reply
report reports repo repos repositories repository request requests reset resolve resource resources
response restore result results resume retry return returns revenue review reviews revoke reward
rewards role roles room rooms root route routes rule rules run runs salary sale sales sample sandbox
save scan schedule schedules schema schemas scope scopes score scores script scripts search season
secret secrets section sections security segment segments self sell send server servers service
services session sessions setting settings setup share shared shares shift shifts ship shipment
shipments shipping shop shops short sign signin signout signup site sites size skill skills sku skus
slot slots snapshot snapshots social software source sources space spaces spec specs split sponsor
staff stage stages start stat state statement statements states static statistics stats status
step steps stock stop storage store stores stories story stream streams student students style
subject submission submissions submit subscribe subscription subscriptions summary supplier suppliers
support survey surveys suspend swagger switch sync system systems tab table tables tag tags target
targets task tasks tax taxes team teams template templates tenant tenants term terms test tests text
theme themes thread threads ticket tickets time timeline timesheet timesheets token tokens tool tools
top topic topics total tour track tracking tracks trade transaction transactions transfer transfers
translate translation translations trash trend trending trends trial trigger triggers trip trips type
types unit units unlock unread update updates upgrade upload uploads usage user users validate value
values variable variables variant variants vendor vendors verification verify version versions video
videos view views visit visits volume volumes vote votes wallet wallets warehouse warehouses watch
watchers weather web webhook webhooks week weekly widget widgets wiki window wishlist word words work
worker workers workflow workflows workspace workspaces write year yearly zone zones
`
