#!/usr/bin/env python3
"""A registry UI's and a developer portal's calls on zot's search extension (GraphQL at /v2/_zot/ext/search) as
pkg/extensions/_zot.md shows them: GET with ?query= and POST with a JSON body; the extension discovery first."""
import json, os, sys, urllib.parse
from oci import Client

ui = Client("search-ui", os.environ["DEV_USER"], os.environ["DEV_PASS"], ua="Mozilla/5.0 (X11; Linux x86_64) zui/1.0")
anon = Client("search-anon", ua="curl/7.88.1")
P = "/v2/_zot/ext/search"
IS = "RepoName Tag Digest ConfigDigest LastUpdated Size Platform { Os Arch } Vendor Layers { Size Digest }"


def q(c, query, post=True):
    if post:
        return c.json("POST", P, {"query": query}, {"Content-Type": "application/json"})
    return c.json("GET", P + "?query=" + urllib.parse.quote(query))


def main(rounds):
    s, h, ext = ui.json("GET", "/v2/_oci/ext/discover")
    for r in range(rounds):
        s, h, d = q(ui, "{ RepoListWithNewestImage { Name LastUpdated Size Platforms { Os Arch } Vendors NewestImage { Tag Digest } } }")
        repos = [x["Name"] for x in ((d or {}).get("data") or {}).get("RepoListWithNewestImage") or []]
        for term in ["team", "alpine", "ml", "web", "builder"][r % 5:r % 5 + 2]:
            q(ui, '{ GlobalSearch(query: "%s") { Repos { Name LastUpdated Size NewestImage { Tag } } Images { %s } } }' % (term, IS), post=(r % 2 == 0))
        for repo in repos[r * 3:(r + 1) * 3]:
            q(ui, '{ ExpandedRepoInfo(repo: "%s") { Images { Tag Digest LastUpdated } Summary { Name LastUpdated Size Vendors } } }' % repo)
            s, h, d = q(ui, '{ ImageList(repo: "%s") { %s } }' % (repo, IS), post=False)
            imgs = ((d or {}).get("data") or {}).get("ImageList") or []
            if imgs:
                im = imgs[0]
                q(ui, '{ Image(image: "%s:%s") { %s } }' % (repo, im["Tag"], IS))
                q(ui, '{ BaseImageList(image: "%s:%s") { RepoName Tag } }' % (repo, im["Tag"]))
                q(ui, '{ DerivedImageList(image: "%s:%s") { RepoName Tag } }' % (repo, im["Tag"]))
                q(ui, '{ Referrers(repo: "%s", digest: "%s", type: "") { MediaType ArtifactType Digest Size } }' % (repo, im["Digest"]))
                if im.get("Layers"):
                    q(ui, '{ ImageListForDigest(id: "%s") { RepoName Tag } }' % im["Layers"][0]["Digest"].replace("sha256:", ""))
    # an anonymous portal visitor (anonymousPolicy read) and a broken query
    q(anon, "{ RepoListWithNewestImage { Name NewestImage { Tag } } }")
    q(anon, '{ GlobalSearch(query: "alpine") { Repos { Name } } }', post=False)
    q(ui, "{ ImageList(repo: ) { Tag } }")
    q(ui, '{ CVEListForImage(image: "alpine:3.20") { Tag CVEList { Id Severity } } }')
    ui.req("OPTIONS", P, headers={"Origin": "http://127.0.0.1:3000", "Access-Control-Request-Method": "POST"})


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 4)
