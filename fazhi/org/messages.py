from django.utils.translation import gettext_lazy as _

NOT_OFFICE = _("只有领导小组办公室可以管理单位和人员。")
PARENT_OUT_OF_SCOPE = _("上级单位“{unit}”不在您的管理范围内。")
MOVE_INTO_ITSELF = _("不能把单位移到它自己或它的下级单位之下。")
USERNAME_TAKEN = _("账号“{username}”已存在。")
HEAD_OTHER_UNIT = _("“{person}”不是“{unit}”的人员，不能作为其第一责任人。")
