// Ory Permission Language (OPL) for the lab's Keto deployment: a small document-sharing and project tool
// ("Tidewater Studio"): people, teams, organisations, projects (with sub-projects), folders, files and task boards.
import { Namespace, SubjectSet, Context } from "@ory/keto-namespace-types"

class User implements Namespace {
  related: {
    manager: User[]
  }
}

class Team implements Namespace {
  related: {
    members: (User | SubjectSet<Team, "members">)[]
    maintainers: User[]
  }

  permits = {
    manage: (ctx: Context): boolean => this.related.maintainers.includes(ctx.subject),
  }
}

class Organization implements Namespace {
  related: {
    admins: (User | SubjectSet<Team, "members">)[]
    members: (User | SubjectSet<Team, "members">)[]
  }

  permits = {
    administer: (ctx: Context): boolean => this.related.admins.includes(ctx.subject),
    read: (ctx: Context): boolean =>
      this.related.members.includes(ctx.subject) || this.permits.administer(ctx),
  }
}

class Project implements Namespace {
  related: {
    org: Organization[]
    parents: Project[]
    owners: (User | SubjectSet<Team, "members">)[]
    editors: (User | SubjectSet<Team, "members">)[]
    viewers: (User | SubjectSet<Team, "members">)[]
  }

  permits = {
    edit: (ctx: Context): boolean =>
      this.related.owners.includes(ctx.subject) ||
      this.related.editors.includes(ctx.subject) ||
      this.related.parents.traverse((p) => p.permits.edit(ctx)),
    view: (ctx: Context): boolean =>
      this.permits.edit(ctx) ||
      this.related.viewers.includes(ctx.subject) ||
      this.related.parents.traverse((p) => p.permits.view(ctx)) ||
      this.related.org.traverse((o) => o.permits.administer(ctx)),
    delete: (ctx: Context): boolean => this.related.owners.includes(ctx.subject),
  }
}

class Folder implements Namespace {
  related: {
    parents: (Project | Folder)[]
    viewers: (User | SubjectSet<Team, "members">)[]
    editors: (User | SubjectSet<Team, "members">)[]
  }

  permits = {
    view: (ctx: Context): boolean =>
      this.related.viewers.includes(ctx.subject) ||
      this.related.editors.includes(ctx.subject) ||
      this.related.parents.traverse((p) => p.permits.view(ctx)),
    edit: (ctx: Context): boolean =>
      this.related.editors.includes(ctx.subject) ||
      this.related.parents.traverse((p) => p.permits.edit(ctx)),
  }
}

class File implements Namespace {
  related: {
    parents: (Folder | Project)[]
    owners: (User | SubjectSet<Team, "members">)[]
    viewers: (User | SubjectSet<Team, "members">)[]
  }

  permits = {
    view: (ctx: Context): boolean =>
      this.related.owners.includes(ctx.subject) ||
      this.related.viewers.includes(ctx.subject) ||
      this.related.parents.traverse((p) => p.permits.view(ctx)),
    edit: (ctx: Context): boolean =>
      this.related.owners.includes(ctx.subject) ||
      this.related.parents.traverse((p) => p.permits.edit(ctx)),
    download: (ctx: Context): boolean => this.permits.view(ctx),
  }
}

class Task implements Namespace {
  related: {
    project: Project[]
    assignees: User[]
    watchers: (User | SubjectSet<Team, "members">)[]
  }

  permits = {
    view: (ctx: Context): boolean =>
      this.related.assignees.includes(ctx.subject) ||
      this.related.watchers.includes(ctx.subject) ||
      this.related.project.traverse((p) => p.permits.view(ctx)),
    update: (ctx: Context): boolean =>
      this.related.assignees.includes(ctx.subject) ||
      this.related.project.traverse((p) => p.permits.edit(ctx)),
    comment: (ctx: Context): boolean => this.permits.view(ctx),
  }
}

class Label implements Namespace {
  related: {
    project: Project[]
  }

  permits = {
    apply: (ctx: Context): boolean => this.related.project.traverse((p) => p.permits.edit(ctx)),
  }
}
