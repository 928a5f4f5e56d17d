from gongkai.agencies.admin import register_sign_off_chain

from .models import ReportChain, ReportChainStep

register_sign_off_chain(ReportChain, ReportChainStep)
