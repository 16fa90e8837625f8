"""``extra.portal.cms`` in mkdocs.yml: which git host the editors' form saves to.

Without this block the built site has no ``/quan-tri/`` (``portal serve --cms`` still
serves one, saving through the local ``decap-server``).
"""

from __future__ import annotations

from typing import Annotated, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

RepoName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+$")]
BranchName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_./-]+$")]


class CmsSettings(BaseModel):
    """Decap CMS backend (``backend`` in Decap's config.yml)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    backend: Literal["gitlab", "github"] = Field(description="gitlab (PKCE login, no server) | github (needs an OAuth proxy)")
    repo: RepoName = Field(description="owner/name of the portal's repository (GitLab: group/subgroup/name)")
    branch: BranchName = Field("main", description="the branch CI publishes from")
    app_id: Optional[str] = Field(None, description="GitLab: the OAuth application's ID (PKCE, no secret)")
    base_url: Optional[HttpUrl] = Field(
        None, description="GitLab: the GitLab server (default https://gitlab.com); GitHub: the OAuth proxy's address"
    )
    api_root: Optional[HttpUrl] = Field(None, description="API of a self-hosted GitLab / GitHub Enterprise")
    auth_endpoint: Optional[str] = Field(None, description="path of the OAuth endpoint on base_url (Decap's auth_endpoint)")

    @model_validator(mode="after")
    def _gitlab_needs_app_id(self) -> "CmsSettings":
        if self.backend == "gitlab" and not self.app_id:
            raise PydanticCustomError(
                "cms_app_id_missing", "backend gitlab cần app_id: Application ID của ứng dụng OAuth tạo trên GitLab"
            )
        return self
